import os from 'node:os';
import type { Command } from 'commander';
import { canTransfer } from '../../backends/transfer.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { migrateModel, type TransferBackend } from '../../migrate/migrate.js';
import type { RepoConfig } from '../../model/config.js';
import { configFileName } from '../../repo/index.js';
import type { CliContext, SetExit } from '../context.js';
import { leaseTtlFrom } from './apply.js';
import { openModelBackend, openModelRuns, optionalRepo, secretRule } from '../model-backend.js';
import { pointRepoAtTarget } from './migrate-repo.js';

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
      let others: TransferBackend[] = [];
      try {
        if (!canTransfer(source) || !canTransfer(target)) {
          throw new GitopsError('migrate-unsupported', `migration from ${source.controllerName} (${source.kind}) to ${target.controllerName} (${target.kind}) is not supported`, {
            hint: 'both controllers must be embedded (kind: local) controllers',
          });
        }
        const live = await source.readModel(model);
        others = await otherEmbeddedControllers(ctx, config, model, [modelConfig.controller, opts.to], [source, target]);
        const started = Date.now();
        const runs = openModelRuns(ctx, source, config.controllers[modelConfig.controller]);
        const result = await migrateModel({
          model, source, runs, target, dryRun: Boolean(opts.dryRun),
          holder: { host: os.hostname(), pid: process.pid, since: new Date().toISOString(), purpose: `migrate to ${opts.to}` },
          isSecret: secretRule(live, config),
          now: () => new Date(),
          onPhase: (phase, message) => ctx.out(`${phase.padEnd(10)} ${message}\n`),
          onSuccess: async (moved) => pointRepoAtTarget({ repo, config, model, to: opts.to, moved, live: await target.readModel(model), commit: Boolean(opts.commit) }),
          consumerControllers: [source, target, ...others],
          leaseTtlMs: leaseTtlFrom(ctx),
        });
        report(ctx, result.outcome, result.problems, result.reapFailed, Date.now() - started);
        setExit(result.outcome === 'aborted' ? ExitCode.failed : ExitCode.ok);
      } finally {
        await Promise.all([source.close(), target.close(), ...others.map((o) => o.close())]);
      }
    });
}

function report(ctx: CliContext, outcome: string, problems: string[], reapFailed: string | undefined, ms: number): void {
  if (outcome === 'prechecked') ctx.out('Prechecks passed: the model can migrate.\n');
  else if (outcome === 'aborted' && problems.length) for (const p of problems) ctx.out(`  - ${p}\n`);
  if (reapFailed) ctx.err(`warning: the model moved but removing it from the source failed (REAPFAILED): ${reapFailed}\n`);
  if (outcome !== 'prechecked') ctx.out(`Migration ${outcome === 'done' ? 'done' : 'aborted'} in ${(ms / 1000).toFixed(1)}s\n`);
}

/**
 * The other embedded controllers of the repository that are running, where consumers of the
 * model's offers may live too (one backend per controller folder). One that is not running
 * holds no relation that could break; if it holds a consumer, PRECHECK says so.
 */
async function otherEmbeddedControllers(ctx: CliContext, config: RepoConfig, model: string, skip: string[], known: TransferBackend[]): Promise<TransferBackend[]> {
  const dirs = new Set(await Promise.all(known.map((k) => k.controllerDir())));
  const out: TransferBackend[] = [];
  for (const [name, controller] of Object.entries(config.controllers)) {
    if (skip.includes(name) || controller.kind !== 'local') continue;
    const backend = await openModelBackend(ctx, { model, controller: name, config }).catch(() => undefined);
    if (!backend) continue;
    const dir = canTransfer(backend) ? await backend.controllerDir() : null;
    if (!canTransfer(backend) || dirs.has(dir)) {
      await backend.close();
      continue;
    }
    dirs.add(dir);
    out.push(backend);
  }
  return out;
}
