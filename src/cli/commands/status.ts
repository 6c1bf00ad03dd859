import type { Command } from 'commander';
import { stringify } from 'yaml';
import { openBackend } from '../../backends/open.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { findRepoRoot, loadRepoConfig, openRepo } from '../../repo/index.js';
import { generationPath, parseGeneration } from '../../generations/file.js';
import type { LiveModel } from '../../model/live.js';
import { toJujuStatus } from '../views/status-json.js';
import { formatStatusTable } from '../views/status-table.js';
import type { CliContext, SetExit } from '../context.js';
import { packageVersion } from '../version.js';

const version = packageVersion();

export function registerStatus(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('status')
    .description('show a model of the embedded controller, as `juju status` does')
    .option('-m, --model <model>', 'model to show (default: the only model, when there is one)')
    .option('--format <format>', 'tabular, json or yaml', 'tabular')
    .option('--relations', 'also list the relations (integrations)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: { model?: string; format: string; relations?: boolean; controllerDir?: string }) => {
      if (!['tabular', 'json', 'yaml'].includes(opts.format)) {
        throw new GitopsError('format-invalid', `unknown format ${JSON.stringify(opts.format)}`, { hint: 'use tabular, json or yaml' });
      }
      const backend = await openBackend({ ctx, controllerDir: opts.controllerDir });
      try {
        const model = opts.model ?? (await defaultModel(ctx, backend.listModels()));
        const live = await backend.readModel(model);
        await noteCancelledGeneration(ctx, live);
        const now = new Date();
        if (opts.format === 'tabular') ctx.out(formatStatusTable(live, { now, version, relations: Boolean(opts.relations) }));
        else {
          const status = toJujuStatus(live, { now, version });
          ctx.out(opts.format === 'json' ? `${JSON.stringify(status)}\n` : stringify(status));
        }
      } finally {
        await backend.close();
      }
      setExit(ExitCode.ok);
    });
}

/**
 * The controller keeps a generation until the next reconcile closes it, so right after
 * `generation cancel` its units still show `[old]`: say that the repository dropped it.
 */
async function noteCancelledGeneration(ctx: CliContext, live: LiveModel): Promise<void> {
  if (!live.generation || !findRepoRoot(ctx.cwd)) return;
  const repo = await openRepo({ cwd: ctx.cwd });
  if (!(await loadRepoConfig(repo)).models[live.name]) return;
  const file = generationPath(live.name);
  const open = (await repo.exists(file)) ? parseGeneration(await repo.readFile(file), file).generation : undefined;
  if (open?.name === live.generation.name) return;
  ctx.err(`note: generation ${live.generation.name} is no longer open in the repository; the next reconcile returns its units and closes it on the controller\n`);
}

/**
 * The model to show without --model: the only one on the controller, else the only one of the
 * repository the command runs in that the controller has.
 */
async function defaultModel(ctx: CliContext, models: Promise<{ name: string }[]>): Promise<string> {
  const names = (await models).map((m) => m.name);
  if (names.length === 1) return names[0];
  if (findRepoRoot(ctx.cwd)) {
    const declared = Object.keys((await loadRepoConfig(await openRepo({ cwd: ctx.cwd }))).models).filter((m) => names.includes(m));
    if (declared.length === 1) return declared[0];
  }
  throw new GitopsError('model-required', names.length ? `choose a model with --model: ${names.join(', ')}` : 'the controller has no models', {
    hint: names.length ? undefined : 'create one with `juju-gitops add-model NAME`',
  });
}
