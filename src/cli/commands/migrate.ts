import os from 'node:os';
import type { Command } from 'commander';
import { isScalar, parseDocument } from 'yaml';
import { canTransfer } from '../../backends/transfer.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { migrateModel } from '../../migrate/migrate.js';
import { commitFiles, configFileName, writeRepoFile, type Repo } from '../../repo/index.js';
import type { CliContext, SetExit } from '../context.js';
import { leaseTtlFrom } from './apply.js';
import { openModelBackend, openModelRuns, optionalRepo, secretRule } from '../model-backend.js';

export function registerMigrate(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('migrate')
    .description("move a model's control to another controller without touching its workloads")
    .argument('<model>', 'model of juju-gitops.yaml to migrate')
    .requiredOption('--to <controller>', 'target controller, declared in juju-gitops.yaml')
    .option('--dry-run', 'run the prechecks only')
    .option('--commit', 'commit juju-gitops.yaml once it names the target')
    .action(async (model: string, opts: { to: string; dryRun?: boolean; commit?: boolean }) => {
      const found = await optionalRepo(ctx);
      if (!found) throw new GitopsError('repo-not-found', 'migrate runs inside a juju-gitops repository', { hint: 'the target controller is declared in juju-gitops.yaml' });
      const { repo, config } = found;
      const modelConfig = config.models[model];
      if (!modelConfig) throw new GitopsError('model-unknown', `model ${model} is not declared in ${configFileName}`, { hint: `declared: ${Object.keys(config.models).join(', ')}` });
      if (!config.controllers[opts.to]) throw new GitopsError('unknown-controller', `controller ${opts.to} is not declared in ${configFileName}`, { hint: 'declare it under `controllers:` (kind: local, dir: FOLDER)' });
      if (opts.to === modelConfig.controller) throw new GitopsError('migrate-same-controller', `model ${model} already lives on controller ${opts.to}`);
      const source = await openModelBackend(ctx, { model, config });
      const target = await openModelBackend(ctx, { model, controller: opts.to, config });
      try {
        if (!canTransfer(source) || !canTransfer(target)) {
          throw new GitopsError('migrate-unsupported', `migration from ${source.controllerName} (${source.kind}) to ${target.controllerName} (${target.kind}) is not supported`, {
            hint: 'both controllers must be embedded (kind: local) controllers',
          });
        }
        const live = await source.readModel(model);
        const started = Date.now();
        const runs = openModelRuns(ctx, source, config.controllers[modelConfig.controller]);
        const result = await migrateModel({
          model, source, runs, target, dryRun: Boolean(opts.dryRun),
          holder: { host: os.hostname(), pid: process.pid, since: new Date().toISOString(), purpose: `migrate to ${opts.to}` },
          isSecret: secretRule(live, config),
          now: () => new Date(),
          onPhase: (phase, message) => ctx.out(`${phase.padEnd(10)} ${message}\n`),
          onSuccess: () => pointAtTarget(repo, model, opts.to, Boolean(opts.commit)),
          leaseTtlMs: leaseTtlFrom(ctx),
        });
        report(ctx, result.outcome, result.problems, result.reapFailed, Date.now() - started);
        setExit(result.outcome === 'aborted' ? ExitCode.failed : ExitCode.ok);
      } finally {
        await Promise.all([source.close(), target.close()]);
      }
    });
}

function report(ctx: CliContext, outcome: string, problems: string[], reapFailed: string | undefined, ms: number): void {
  if (outcome === 'prechecked') ctx.out('Prechecks passed: the model can migrate.\n');
  else if (outcome === 'aborted' && problems.length) for (const p of problems) ctx.out(`  - ${p}\n`);
  if (reapFailed) ctx.err(`warning: the model moved but removing it from the source failed (REAPFAILED): ${reapFailed}\n`);
  if (outcome !== 'prechecked') ctx.out(`Migration ${outcome === 'done' ? 'done' : 'aborted'} in ${(ms / 1000).toFixed(1)}s\n`);
}

/** Points the model's `controller:` at the target in juju-gitops.yaml, keeping comments; commits when asked. */
async function pointAtTarget(repo: Repo, model: string, to: string, commit: boolean): Promise<string> {
  const doc = parseDocument(await repo.readFile(configFileName));
  const node = doc.getIn(['models', model, 'controller'], true);
  // Changing the scalar in place keeps a comment written after it.
  if (isScalar(node)) node.value = to;
  else doc.setIn(['models', model, 'controller'], to);
  await writeRepoFile(repo, configFileName, doc.toString());
  if (!commit) return `${configFileName}: model ${model} now names controller ${to} (not committed)`;
  const sha = await commitFiles(repo, [configFileName], `Migrate model ${model} to controller ${to}`);
  return `${configFileName} committed as ${sha.slice(0, 12)}: model ${model} now names controller ${to}`;
}

