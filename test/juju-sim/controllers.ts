import os from 'node:os';
import type { ModelBackend } from '../../src/backends/backend.js';
import type { RunStore } from '../../src/backends/run-store.js';
import type { ModelTransfer } from '../../src/backends/transfer.js';
import { migrateModel, type MigrationPhase } from '../../src/migrate/migrate.js';
import { flagValue, type ParsedArgs } from './argv.js';
import { agentVersion } from './status-shape.js';
import { json, SimError, type SimAnswer, type SimContext } from './sim-context.js';

/** One controller the emulator answers for: an embedded controller under a Juju controller name. */
export interface SimController {
  backend: ModelBackend & ModelTransfer;
  /** The embedded controller's own run store: Juju's migration holds the model there. */
  runs: RunStore;
  uuid: string;
  /** Models as last read for `config` and `offers`, per controller (model names repeat across controllers). */
  cache: Map<string, Promise<import('../../src/model/live.js').LiveModel>>;
}

/** A migration started by `juju migrate`, as the source controller's `show-model` reports it. */
export interface SimMigration {
  id: string;
  attempt: number;
  running: boolean;
  message: string;
  start: Date;
  end?: Date;
  /** Resolves the wait of the phase in progress once `show-model` has reported it. */
  reported?: () => void;
}

/**
 * The controller a command is about: the prefix of `-m controller:model` (or JUJU_MODEL), of a
 * `show-model`/`migrate` argument, or `-c controller`; else the current one. The answer runs
 * against that controller's embedded controller.
 */
export function selectController(ctx: SimContext, args: ParsedArgs): SimContext {
  if (!ctx.controllers) return ctx;
  const named = flagValue(args, '-m', '--model') ?? (['show-model', 'migrate'].includes(args.command) ? args.positional[0] : undefined) ?? ctx.env.JUJU_MODEL;
  const name = flagValue(args, '-c', '--controller') ?? (named?.includes(':') ? named.split(':')[0] : undefined);
  if (!name || name === ctx.controller) return ctx;
  const other = ctx.controllers.get(name);
  if (!other) throw new SimError(`controller ${name} not found`);
  return { ...ctx, controller: name, backend: other.backend, cache: other.cache };
}

/** `juju controllers --format=json`: the shape of Juju's `ControllerSet` (cmd/juju/controller/listcontrollersformatters). */
export function controllers(ctx: SimContext): SimAnswer {
  const all = ctx.controllers ?? new Map();
  return json({
    controllers: Object.fromEntries([...all].map(([name, c]) => [name, {
      'current-model': 'admin/default',
      user: 'admin',
      access: 'superuser',
      'recent-server': '127.0.0.1:17070',
      uuid: c.uuid,
      'controller-uuid': c.uuid,
      'api-endpoints': ['127.0.0.1:17070'],
      'ca-cert': '',
      cloud: 'localhost',
      region: 'localhost',
      'agent-version': agentVersion(ctx),
    }])),
    'current-controller': ctx.controller,
  });
}

/** Juju's migration master status message for each phase the embedded migration passes. */
const messages: Partial<Record<MigrationPhase, string>> = {
  PRECHECK: 'performing source prechecks',
  QUIESCE: 'quiescing, waiting for agents to report back',
  EXPORT: 'exporting model',
  IMPORT: 'importing model into target controller',
  VALIDATION: 'validating, waiting for agents to report back',
  SUCCESS: 'successful, waiting for agents to report back',
  REAP: 'successful, removing model from source controller',
};

/**
 * `juju migrate [controller:]model target`: the prechecks run before the command returns (a
 * refused migration is an error, as Juju's InitiateMigration reports it), then the model moves
 * between the two embedded controllers in the background through the same transfer code as
 * `juju-gitops migrate`, while `show-model` on the source reports Juju's status messages.
 * `ctx.wrench()` returning `die-in-export` fails the import, as Juju's wrench of that name does.
 */
export async function migrate(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const [named, targetName] = args.positional;
  if (!named || !targetName) throw new SimError(named ? 'target controller not specified' : 'model not specified');
  const model = named.includes(':') ? named.split(':')[1] : named;
  const shortName = model.includes('/') ? model.split('/')[1] : model;
  const target = ctx.controllers?.get(targetName);
  if (!target) throw new SimError(`controller ${targetName} not found`);
  const source = ctx.controllers?.get(ctx.controller);
  if (!source || targetName === ctx.controller) throw new SimError('model already on target controller');
  const live = await ctx.backend.readModel(shortName);
  const base = {
    model: shortName, source: source.backend, runs: source.runs, target: target.backend,
    holder: { host: os.hostname(), pid: process.pid, since: ctx.now().toISOString(), purpose: 'juju migrate' },
    isSecret: () => false, now: ctx.now,
  };
  const precheck = await migrateModel({ ...base, dryRun: true, onPhase: () => undefined });
  if (precheck.outcome !== 'prechecked') {
    const target = precheck.problems.some((p) => /target controller/.test(p));
    throw new SimError(`${target ? 'target' : 'source'} prechecks failed: ${precheck.problems.join('; ')}`);
  }
  const key = `${ctx.controller}/${shortName}`;
  const attempt = (ctx.migrations?.get(key)?.attempt ?? -1) + 1;
  const record: SimMigration = { id: `${live.uuid}:${attempt}`, attempt, running: true, message: 'starting', start: ctx.now() };
  ctx.migrations?.set(key, record);
  source.cache.clear();
  target.cache.clear();
  void migrateModel({
    ...base,
    dryRun: false,
    onPhase: (phase, message) => {
      if (phase === 'ABORT') record.message = `aborted, removing model from target controller: ${message}`;
      else if (messages[phase]) record.message = messages[phase]!;
    },
    beforePhase: async (phase) => {
      // Juju's phases take minutes; here each waits (a bounded time) until show-model has
      // reported the one before it, so a client polling show-model sees every phase.
      if (phase !== 'PRECHECK' && phase !== 'DONE') await reportedOrTimeout(record, 2000);
      if (phase === 'IMPORT' && ctx.wrench?.() === 'die-in-export') throw new Error('model data transfer failed, wrench in the transferModel works');
    },
  })
    .catch((error: unknown) => {
      record.message = `aborted, removing model from target controller: ${error instanceof Error ? error.message : String(error)}`;
    })
    .finally(() => {
      record.running = false;
      record.end = ctx.now();
      source.cache.clear();
      target.cache.clear();
    });
  return { stdout: '', stderr: `Migration started with ID "${record.id}"\n`, exitCode: 0 };
}

/** `show-model`'s `status` for a model with a migration: `cmd/juju/common/model.go` ModelStatus. */
export function migrationStatus(ctx: SimContext, model: string): Record<string, string> | undefined {
  const record = ctx.migrations?.get(`${ctx.controller}/${model}`);
  if (!record) return undefined;
  record.reported?.();
  return {
    current: record.running ? 'busy' : 'available',
    migration: record.message,
    'migration-start': 'just now',
    ...(record.end ? { 'migration-end': 'just now' } : {}),
  };
}

function reportedOrTimeout(record: SimMigration, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      record.reported = undefined;
      resolve();
    }
    record.reported = done;
  });
}
