import type { Command } from 'commander';
import { openScratchController } from '../../backends/local/scratch.js';
import { simulatedCharmDir } from '../../backends/local/simulated-catalogue.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { exportModel } from '../../migrate/export-model.js';
import { rehearseModel, type RehearsalReport } from '../../migrate/rehearse.js';
import { parseDuration } from '../../repo/index.js';
import type { CliContext, SetExit } from '../context.js';
import { openModelBackend, optionalRepo, secretRule } from '../model-backend.js';

export function registerRehearse(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('rehearse')
    .description("run the repository's plan for a model on a simulated copy of it: steps, units moved, duration, what is destructive")
    .requiredOption('-m, --model <model>', 'model of juju-gitops.yaml to rehearse')
    .option('--restart <duration>', 'how long a simulated unit takes to restart', '2s')
    .option('--format <format>', 'text or json', 'text')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: { model: string; restart: string; format: string; controllerDir?: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new GitopsError('usage', `--format ${opts.format}: expected text or json`);
      const restartMs = parseDuration(opts.restart);
      if (restartMs === undefined) throw new GitopsError('usage', `--restart ${opts.restart}: not a duration`, { hint: 'for example --restart 30s' });
      const found = await optionalRepo(ctx);
      if (!found?.config.models[opts.model]) throw new GitopsError('model-unknown', `model ${opts.model} is not declared in juju-gitops.yaml`, { hint: 'rehearse runs inside a juju-gitops repository' });
      const backend = await openModelBackend(ctx, { model: opts.model, controllerDir: opts.controllerDir, config: found.config });
      const live = await backend.readModel(opts.model).finally(() => backend.close());
      // The copy lives in this process only: secret values go into it as they are, and nowhere else.
      const doc = exportModel(live, { exportedAt: new Date().toISOString(), kind: backend.kind, isSecret: secretRule(live, found.config), revealSecrets: true });
      const scratch = openScratchController({ restartMs, live });
      try {
        const report = await rehearseModel({ doc, scratch: scratch.backend, runs: scratch.backend.runs, charmDirOf: simulatedCharmDir, repo: found.repo, config: found.config, restartMs, signal: ctx.signal });
        ctx.out(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderRehearsal(report));
        setExit(report.failure ? ExitCode.failed : ExitCode.ok);
      } finally {
        await scratch.close();
      }
    });
}

export function renderRehearsal(r: RehearsalReport): string {
  const lines = [`Rehearsal of model ${r.model} on a simulated copy (units restart in ${(r.restartMs / 1000).toFixed(1)}s):`];
  if (!r.steps.length) lines.push('  nothing to do: the model already matches the repository');
  for (const [i, s] of r.steps.entries()) lines.push(`  ${String(i + 1).padStart(2)}. ${s.description} [${s.classification}]`);
  lines.push(`Units moved: ${r.unitsMoved}; estimated duration: ${(r.durationMs / 1000).toFixed(1)}s; outcome: ${r.outcome}`);
  if (r.destructive.length) lines.push(`Destructive (needs --yes): ${r.destructive.join('; ')}`);
  if (r.failure) lines.push(`Would stop: ${r.failure}`);
  for (const note of r.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
