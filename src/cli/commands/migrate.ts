import os from 'node:os';
import type { Command } from 'commander';
import { canTransfer, migratesItself } from '../../backends/transfer.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { migrateModel, type MigrateResult, type TransferBackend } from '../../migrate/migrate.js';
import { migrateJujuModel } from '../../migrate/migrate-juju.js';
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
      const target = await openModelBackend(ctx, { model, controller: opts.to, config: bindingOnTarget(config, model, modelConfig.controller, opts.to) });
      let others: TransferBackend[] = [];
      try {
        const live = await source.readModel(model);
        const started = Date.now();
        const runs = openModelRuns(ctx, source, config.controllers[modelConfig.controller]);
        const common = {
          model, runs, dryRun: Boolean(opts.dryRun),
          holder: { host: os.hostname(), pid: process.pid, since: new Date().toISOString(), purpose: `migrate to ${opts.to}` },
          isSecret: secretRule(live, config),
          now: () => new Date(),
          onPhase: (phase: string, message: string) => ctx.out(`${phase.padEnd(10)} ${message}\n`),
          leaseTtlMs: leaseTtlFrom(ctx),
        };
        for (const side of [source, target]) {
          if (!side.capabilities.migration) throw new GitopsError('migrate-unsupported', `controller ${side.controllerName} (${side.kind}) cannot hand a model to another controller`);
        }
        let result: MigrateResult;
        if (migratesItself(source) && target.kind === 'juju') {
          result = await migrateJujuModel({
            ...common, source, target,
            versions: { source: config.controllers[modelConfig.controller]?.version ?? '3.6', target: config.controllers[opts.to]?.version ?? '3.6' },
            onSuccess: () => pointRepoAtTarget({ repo, config, model, to: opts.to, moved: [], commit: Boolean(opts.commit) }),
            ...pollingFrom(ctx),
          });
        } else if (canTransfer(source) && canTransfer(target)) {
          others = await otherEmbeddedControllers(ctx, config, model, [modelConfig.controller, opts.to], [source, target]);
          result = await migrateModel({
            ...common, source, target,
            onSuccess: async (moved) => pointRepoAtTarget({ repo, config, model, to: opts.to, moved, live: await target.readModel(model), commit: Boolean(opts.commit) }),
            consumerControllers: [source, target, ...others],
          });
        } else {
          throw new GitopsError('migrate-unsupported', `migration from ${source.controllerName} (${source.kind}) to ${target.controllerName} (${target.kind}) is not supported`, {
            hint: 'migrate between two embedded (kind: local) controllers, or between two Juju (kind: juju) controllers',
          });
        }
        report(ctx, result, Date.now() - started);
        setExit(result.outcome === 'aborted' || result.differences.length || result.consumersLost.length ? ExitCode.failed : ExitCode.ok);
      } finally {
        await Promise.all([source.close(), target.close(), ...others.map((o) => o.close())]);
      }
    });
}

/** The model's Juju name and unit strategies go with it to a Juju target controller. */
function bindingOnTarget(config: RepoConfig, model: string, from: string, to: string): RepoConfig {
  const source = config.controllers[from];
  const target = config.controllers[to];
  const binding = source?.kind === 'juju' ? source.models?.[model] : undefined;
  if (!binding || target?.kind !== 'juju') return config;
  return { ...config, controllers: { ...config.controllers, [to]: { ...target, models: { ...target.models, [model]: binding } } } };
}

/** How often Juju's progress is read and for how long (`JUJU_GITOPS_MIGRATE_POLL`, `JUJU_GITOPS_MIGRATE_TIMEOUT`, in ms). */
function pollingFrom(ctx: CliContext): { pollMs?: number; timeoutMs?: number } {
  const number = (name: string) => {
    const value = ctx.env[name];
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new GitopsError('option-invalid', `${name}=${value} is not a number of milliseconds`);
    return Number(value);
  };
  const pollMs = number('JUJU_GITOPS_MIGRATE_POLL');
  const timeoutMs = number('JUJU_GITOPS_MIGRATE_TIMEOUT');
  return { ...(pollMs !== undefined ? { pollMs } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

function report(ctx: CliContext, result: MigrateResult, ms: number): void {
  const { outcome, problems, reapFailed } = result;
  if (outcome === 'prechecked') ctx.out('Prechecks passed: the model can migrate.\n');
  else if (outcome === 'aborted' && problems.length) for (const p of problems) ctx.out(`  - ${p}\n`);
  if (reapFailed) ctx.err(`warning: the model moved but removing it from the source failed (REAPFAILED): ${reapFailed}\n`);
  if (outcome === 'done' && result.differences.length) {
    ctx.err(`error: the target differs from the source in ${result.differences.length} field(s):\n${result.differences.map((d) => `  ${d}\n`).join('')}`);
  }
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
