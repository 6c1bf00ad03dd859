import { GitopsError } from '../../model/errors.js';
import type { GenerationChanges } from '../../model/live.js';
import { hasManagedUnits, type LocalCharm } from '../charms/types.js';
import type { ApplicationFields, ApplicationRow, ModelRow, StoredApplied } from '../store/rows.js';
import type { OpsContext } from './context.js';

export function requireApplication(ctx: OpsContext, model: ModelRow, name: string): ApplicationRow {
  const row = ctx.store.get<ApplicationRow>('SELECT * FROM applications WHERE model_id = ? AND name = ?', model.id, name);
  if (!row) {
    throw new GitopsError('application-not-found', `application ${JSON.stringify(name)} not found in model ${model.name}`);
  }
  return row;
}

export function charmOf(ctx: OpsContext, app: Pick<ApplicationRow, 'charm_dir'>): LocalCharm | undefined {
  return app.charm_dir ? ctx.catalogue.cached(app.charm_dir) : undefined;
}

export function fieldsOf(app: ApplicationRow): ApplicationFields {
  return JSON.parse(app.fields) as ApplicationFields;
}

/** What a unit of `app` runs: the application's state, with a tracked generation's changes on top. */
export function appliedFor(app: ApplicationRow, generation?: GenerationChanges): StoredApplied {
  const fields = fieldsOf(app);
  const resources = { ...fields.resources, ...generation?.resources };
  const revision = generation?.revision ?? app.revision ?? undefined;
  const channel = generation?.channel ?? app.channel ?? undefined;
  return {
    options: { ...(JSON.parse(app.options) as Record<string, unknown>), ...generation?.options },
    charm: generation?.charm ?? app.charm,
    ...(channel !== undefined ? { channel } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(Object.keys(resources).length ? { resources } : {}),
  };
}

/** Status columns for a unit that has just been asked to run something new. */
export function pendingStatus(charm: LocalCharm | undefined, fresh: boolean): { workload: string; message: string | null; agent: string } {
  if (!hasManagedUnits(charm)) return { workload: 'active', message: null, agent: 'idle' };
  return fresh
    ? { workload: 'waiting', message: 'agent initialising', agent: 'allocating' }
    : { workload: 'maintenance', message: 'restarting', agent: 'executing' };
}

export function insertUnit(
  ctx: OpsContext,
  model: ModelRow,
  app: ApplicationRow,
  number: number,
  machine: string | null,
  leader: boolean,
): void {
  const status = pendingStatus(charmOf(ctx, app), true);
  const now = ctx.now().toISOString();
  ctx.store.run(
    `INSERT INTO units (model_id, application, number, machine, address, workload, workload_message, workload_since,
       agent, agent_since, leader, applied) VALUES (?, ?, ?, ?, '127.0.0.1', ?, ?, ?, ?, ?, ?, ?)`,
    model.id,
    app.name,
    number,
    machine,
    status.workload,
    status.message,
    now,
    status.agent,
    now,
    leader ? 1 : 0,
    JSON.stringify(appliedFor(app)),
  );
}

/** Gives the application a leader when it has units and none leads (the lowest number wins). */
export function electLeader(ctx: OpsContext, model: ModelRow, application: string): void {
  if (ctx.store.get('SELECT 1 FROM units WHERE model_id = ? AND application = ? AND leader = 1', model.id, application)) return;
  ctx.store.run(
    `UPDATE units SET leader = 1 WHERE model_id = ? AND application = ? AND number =
       (SELECT min(number) FROM units WHERE model_id = ? AND application = ?)`,
    model.id,
    application,
    model.id,
    application,
  );
}
