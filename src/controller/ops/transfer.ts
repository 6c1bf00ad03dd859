import { withheldSecrets, type ModelExport, type WorkloadHandles } from '../../model/export.js';
import type { MigrationStatus } from '../../model/live.js';
import { GitopsError } from '../../model/errors.js';
import type { ApplicationFields, ModelRow, UnitRow } from '../store/rows.js';
import { recordEvent, requireModel, type OpsContext } from './context.js';

/**
 * Moving a model between embedded controllers without touching its workloads. The source hands
 * over, with the model's export, a handle per unit process (pid, kernel start time, the run spec
 * it was started with, its port and state folder) and the charm folder per application; the
 * target stores them and, once activated, adopts the running processes exactly as it adopts its
 * own after a restart. Until activation the target's agent leaves the model alone, so at no
 * moment do two controllers supervise one process.
 */
export function readWorkloadHandles(ctx: OpsContext, modelName: string, homeOf: (unit: string, row: Pick<UnitRow, 'home'>) => string): WorkloadHandles {
  const model = requireModel(ctx, modelName);
  const apps = ctx.store.all<{ name: string; charm_dir: string | null }>('SELECT name, charm_dir FROM applications WHERE model_id = ?', model.id);
  const units = ctx.store.all<UnitRow>('SELECT * FROM units WHERE model_id = ?', model.id);
  return {
    applications: Object.fromEntries(apps.map((a) => [a.name, { charmDir: a.charm_dir }])),
    units: Object.fromEntries(
      units.map((u) => {
        const name = `${u.application}/${u.number}`;
        return [name, { pid: u.pid, pidStart: u.pid_start, runHash: u.run_hash, port: u.port, home: homeOf(name, u) }];
      }),
    ),
  };
}

/**
 * Creates the model from an export in one transaction: same uuid, unit numbers, machines,
 * leaders, statuses, applied states, relation ids, offers, saas and open generation. With
 * handles the model is held (`importing`) until `activateModel`; without, it is a fresh copy
 * whose workload units start when the agent syncs it.
 */
export function importModel(ctx: OpsContext, doc: ModelExport, handles?: WorkloadHandles): void {
  const missing = withheldSecrets(doc);
  if (missing.length) {
    throw new GitopsError('import-secrets-withheld', `the export withholds the value of ${missing.join(', ')}`, {
      hint: 'export again with --reveal (keep that file private), or set the secrets after import with `juju-gitops apply`',
    });
  }
  ctx.store.transaction(() => {
    const name = doc.model.name;
    if (ctx.store.get('SELECT 1 FROM models WHERE name = ?', name)) {
      throw new GitopsError('model-exists', `model ${name} already exists on this controller`, { hint: 'import under another name with --model NAME' });
    }
    const machineNumbers = Object.keys(doc.machines).map((id) => Number(id.split('/')[0])).filter((n) => Number.isInteger(n));
    const relationIds = doc.relations.map((r) => r.id);
    const model = ctx.store.runGet<ModelRow>(
      `INSERT INTO models (name, uuid, type, created_at, next_machine, next_relation, importing) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      name, doc.model.uuid, doc.model.type, ctx.now().toISOString(),
      machineNumbers.length ? Math.max(...machineNumbers) + 1 : 0,
      relationIds.length ? Math.max(...relationIds) + 1 : 0,
      handles ? 1 : 0,
    )!;
    for (const [id, m] of Object.entries(doc.machines)) {
      const { status, ...spec } = m;
      ctx.store.run('INSERT INTO machines (model_id, id, spec, status, since) VALUES (?, ?, ?, ?, ?)', model.id, id, JSON.stringify(spec), status.current, status.since ?? ctx.now().toISOString());
    }
    for (const [appName, app] of Object.entries(doc.applications)) {
      const charmDir = handles?.applications[appName]?.charmDir ?? resolveCharmDir(ctx, app.charm);
      const fields: ApplicationFields = {
        ...(app.base ? { base: app.base } : {}),
        expose: app.expose,
        ...(app.exposedEndpoints ? { exposedEndpoints: app.exposedEndpoints } : {}),
        ...(app.constraints ? { constraints: app.constraints } : {}),
        annotations: app.annotations, storage: app.storage, devices: app.devices, bindings: app.bindings, resources: app.resources, trust: app.trust,
      };
      const options = Object.fromEntries(Object.entries(app.config).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
      const numbers = Object.keys(app.units).map((u) => Number(u.split('/')[1]));
      ctx.store.run(
        `INSERT INTO applications (model_id, name, charm, charm_dir, channel, revision, subordinate, scale, next_unit, options, fields)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        model.id, appName, app.charm, charmDir, app.channel ?? null, app.revision ?? null, app.subordinate ? 1 : 0, app.scale,
        numbers.length ? Math.max(...numbers) + 1 : 0, JSON.stringify(options), JSON.stringify(fields),
      );
      for (const [unitName, unit] of Object.entries(app.units)) {
        const handle = handles?.units[unitName];
        const applied = { ...unit.applied, options: Object.fromEntries(Object.entries(unit.applied.options).map(([k, o]) => [k, o.value])) };
        const now = ctx.now().toISOString();
        ctx.store.run(
          `INSERT INTO units (model_id, application, number, machine, address, port, workload, workload_message, workload_since,
             agent, agent_message, agent_since, leader, applied, generation, pid, pid_start, run_hash, home)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          model.id, appName, Number(unitName.split('/')[1]), unit.machine ?? null, unit.address, handle?.port ?? portOf(unit.ports),
          unit.workload.current, unit.workload.message ?? null, unit.workload.since ?? now,
          unit.agent.current, unit.agent.message ?? null, unit.agent.since ?? now,
          unit.leader ? 1 : 0, JSON.stringify(applied), unit.generation,
          handle?.pid ?? null, handle?.pidStart ?? null, handle?.runHash ?? null, handle?.home ?? null,
        );
      }
    }
    for (const r of doc.relations) {
      ctx.store.run('INSERT INTO relations (model_id, id, endpoints, interface, scope) VALUES (?, ?, ?, ?, ?)', model.id, r.id, JSON.stringify(r.endpoints), r.interface ?? null, r.scope ?? null);
    }
    for (const [offer, o] of Object.entries(doc.offers)) {
      ctx.store.run('INSERT INTO offers (model_id, name, application, endpoints) VALUES (?, ?, ?, ?)', model.id, offer, o.application, JSON.stringify(o.endpoints));
      for (const [user, access] of Object.entries(o.acl)) {
        ctx.store.run('INSERT INTO offer_access (model_id, offer, user, access) VALUES (?, ?, ?, ?)', model.id, offer, user, access);
      }
    }
    for (const [saas, s] of Object.entries(doc.saas)) ctx.store.run('INSERT INTO saas (model_id, name, url) VALUES (?, ?, ?)', model.id, saas, s.url);
    if (doc.generation) {
      ctx.store.run('INSERT INTO generations (model_id, name, created_at, applications) VALUES (?, ?, ?, ?)', model.id, doc.generation.name, doc.generation.createdAt, JSON.stringify(doc.generation.applications));
    }
    recordEvent(ctx, name, 'import-model', name, { from: doc.source.controller, adopting: Boolean(handles) });
  });
}

/** Lets the agent supervise an imported model (adopting the processes its handles name). */
export function activateModel(ctx: OpsContext, name: string): void {
  const model = requireModel(ctx, name);
  ctx.store.run('UPDATE models SET importing = 0 WHERE id = ?', model.id);
  recordEvent(ctx, name, 'activate-model', name);
}

/** Deletes a model and everything in it from the store (its processes are the caller's business). */
export function deleteModel(ctx: OpsContext, name: string): void {
  const model = requireModel(ctx, name);
  ctx.store.transaction(() => {
    for (const table of ['units', 'applications', 'machines', 'relations', 'offer_access', 'offers', 'saas', 'generations']) {
      ctx.store.run(`DELETE FROM ${table} WHERE model_id = ?`, model.id);
    }
    ctx.store.run('DELETE FROM models WHERE id = ?', model.id);
    recordEvent(ctx, name, 'remove-model', name);
  });
}

function resolveCharmDir(ctx: OpsContext, charm: string): string | null {
  try {
    const ref = ctx.catalogue.resolve(charm);
    return ref.kind === 'local' ? ref.charm.dir : null;
  } catch {
    return null;
  }
}

function portOf(ports: string[]): number | null {
  const tcp = ports.map((p) => /^(\d+)\/tcp$/.exec(p)).find(Boolean);
  return tcp ? Number(tcp[1]) : null;
}

/** Records (or with null, clears) the phase of a migration in progress, for status to show. */
export function setMigrationStatus(ctx: OpsContext, name: string, status: MigrationStatus | null): void {
  const model = requireModel(ctx, name);
  ctx.store.run('UPDATE models SET migration = ? WHERE id = ?', status ? JSON.stringify(status) : null, model.id);
}
