import type { MachineSpec, OfferAccess } from '../../model/bundle.js';
import type {
  GenerationChanges,
  LiveApplication,
  LiveModel,
  LiveOffer,
  LiveRelationEndpoint,
  LiveSaas,
  LiveUnit,
  MigrationStatus,
  OptionSource,
  StatusValue,
} from '../../model/live.js';
import { withDefaults } from '../../bundle/charm-options.js';
import { GitopsError } from '../../model/errors.js';
import { parseUnitName, type ApplicationFields, type ApplicationRow, type GenerationRow, type RelationRow, type StoredApplied, type UnitRow } from '../store/rows.js';
import { charmOf } from './applications.js';
import { requireModel, type OpsContext } from './context.js';
import { relationsThroughSaas, saasEntries } from './saas.js';
import { offerControllerDir, readPeerExchanges, reachesHere } from './peers.js';
import { saasEndpoints } from './relations.js';

/** The whole model in a handful of bulk SELECTs (one per table), assembled in memory. */
export function readModel(ctx: OpsContext, name: string): LiveModel {
  const { store } = ctx;
  const model = requireModel(ctx, name);
  const apps = store.all<ApplicationRow>('SELECT * FROM applications WHERE model_id = ? ORDER BY name', model.id);
  const units = store.rows<UnitTuple>(`SELECT ${unitColumns} FROM units WHERE model_id = ? ORDER BY application, number`, model.id);
  // Numeric order of host machines, containers after their host.
  const machines = store.rows<[string, string, string, string]>(
    'SELECT id, spec, status, since FROM machines WHERE model_id = ? ORDER BY CAST(id AS INTEGER), id',
    model.id,
  );
  const relations = store.all<RelationRow>('SELECT * FROM relations WHERE model_id = ? ORDER BY id', model.id);
  const offers = store.all<{ name: string; application: string; endpoints: string }>('SELECT * FROM offers WHERE model_id = ? ORDER BY name', model.id);
  const access = store.all<{ offer: string; user: string; access: OfferAccess }>('SELECT offer, user, access FROM offer_access WHERE model_id = ? ORDER BY user', model.id);
  const saas = store.all<{ name: string; url: string }>('SELECT name, url FROM saas WHERE model_id = ? ORDER BY name', model.id);
  const generation = store.get<GenerationRow>('SELECT * FROM generations WHERE model_id = ? AND closed_at IS NULL', model.id);

  const applications: Record<string, LiveApplication> = {};
  for (const row of apps) applications[row.name] = toApplication(ctx, row);
  for (const tuple of units) {
    const app = applications[tuple[0]];
    if (app) {
      const unit = fromTuple(tuple);
      app.units[unit.name] = unit;
    }
  }
  for (const app of Object.values(applications)) app.status = applicationStatus(Object.values(app.units));

  return {
    name: model.name,
    uuid: model.uuid,
    type: model.type,
    controller: ctx.controllerName,
    applications,
    machines: Object.fromEntries(
      machines.map(([id, spec, current, since]) => [id, { id, ...(spec === '{}' ? {} : (JSON.parse(spec) as MachineSpec)), status: { current, since } }]),
    ),
    relations: relations.map((r) => ({
      id: r.id,
      endpoints: JSON.parse(r.endpoints) as LiveRelationEndpoint[],
      ...(r.interface ? { interface: r.interface } : {}),
      ...(r.scope ? { scope: r.scope as 'global' | 'container' } : {}),
    })),
    offers: Object.fromEntries(
      offers.map((o): [string, LiveOffer] => [
        o.name,
        {
          name: o.name,
          application: o.application,
          url: `${ctx.controllerName}:admin/${model.name}.${o.name}`,
          endpoints: JSON.parse(o.endpoints) as string[],
          acl: Object.fromEntries(access.filter((a) => a.offer === o.name).map((a) => [a.user, a.access])),
          connections: [],
        },
      ]),
    ),
    saas: Object.fromEntries(
      saas.map((s): [string, LiveSaas] => {
        const endpoints = saasEndpoints(ctx, s.url);
        return [s.name, { name: s.name, url: s.url, ...(endpoints ? { endpoints } : {}) }];
      }),
    ),
    generation: generation
      ? { name: generation.name, createdAt: generation.created_at, applications: JSON.parse(generation.applications) as Record<string, GenerationChanges> }
      : null,
    ...(model.migration ? { migration: JSON.parse(model.migration) as MigrationStatus } : {}),
  };
}

const unitColumns = `application, number, machine, address, port, workload, workload_message, workload_since, agent,
  agent_message, agent_since, leader, applied, generation`;

/** The named units, in the order named; an unknown name is an error. */
export function readUnits(ctx: OpsContext, modelName: string, names: string[]): LiveUnit[] {
  const model = requireModel(ctx, modelName);
  const byApplication = new Map<string, Map<number, UnitRow>>();
  return names.map((name) => {
    const parsed = parseUnitName(name);
    let rows = parsed && byApplication.get(parsed.application);
    if (parsed && !rows) {
      const found = ctx.store.all<UnitRow>(`SELECT ${unitColumns} FROM units WHERE model_id = ? AND application = ?`, model.id, parsed.application);
      rows = new Map(found.map((r) => [r.number, r]));
      byApplication.set(parsed.application, rows);
    }
    const row = parsed && rows?.get(parsed.number);
    if (!row) throw new GitopsError('unit-not-found', `unit ${JSON.stringify(name)} not found in model ${model.name}`);
    return toUnit(row);
  });
}

/** Consumers in other models of this controller and of registered external ones, found through their saas URLs and relations. */
export function attachOfferConnections(ctx: OpsContext, live: LiveModel): void {
  if (!Object.keys(live.offers).length) return;
  for (const consumer of saasEntries(ctx)) {
    const url = consumer.offer;
    const offer = live.offers[url.offer];
    if (url.model !== live.name || !offer || offerControllerDir(ctx, url)) continue;
    for (const relation of relationsThroughSaas(ctx, consumer.modelId, consumer.name)) {
      offer.connections.push({
        sourceModel: consumer.model, ...(relation.other ? { application: relation.other.application } : {}), saas: consumer.name,
        relationId: relation.id, endpoint: relation.through.endpoint, username: 'admin', status: 'joined',
      });
    }
  }
  // Consumers on other embedded controllers, as they published their saas entries.
  for (const { exchange } of readPeerExchanges(ctx)) {
    for (const saas of exchange.consumes) {
      const offer = live.offers[saas.offer.offer];
      if (!offer || !reachesHere(ctx, saas, live.name)) continue;
      for (const r of saas.relations) {
        offer.connections.push({
          sourceModel: exchange.model, application: r.application, saas: saas.saas,
          relationId: r.id, endpoint: r.saasEndpoint, username: 'admin', status: 'joined',
        });
      }
    }
  }
}

function toApplication(ctx: OpsContext, row: ApplicationRow): LiveApplication {
  const fields = JSON.parse(row.fields) as ApplicationFields;
  const charm = charmOf(ctx, row);
  const user = JSON.parse(row.options) as Record<string, unknown>;
  const options: Record<string, { value: unknown; source: OptionSource }> = {};
  for (const [key, value] of Object.entries(withDefaults(user, charm?.info.config))) {
    options[key] = { value, source: key in user ? 'user' : 'default' };
  }
  return {
    name: row.name,
    charm: row.charm,
    ...(row.channel !== null ? { channel: row.channel } : {}),
    ...(row.revision !== null ? { revision: row.revision } : {}),
    ...(fields.base ? { base: fields.base } : {}),
    subordinate: row.subordinate === 1,
    scale: row.scale,
    expose: fields.expose,
    ...(fields.exposedEndpoints ? { exposedEndpoints: fields.exposedEndpoints } : {}),
    options,
    ...(fields.constraints ? { constraints: fields.constraints } : {}),
    annotations: fields.annotations,
    storage: fields.storage,
    devices: fields.devices,
    bindings: fields.bindings,
    resources: fields.resources,
    trust: fields.trust,
    status: { current: 'unknown' },
    ...(charm ? { charmInfo: charm.info } : {}),
    units: {},
  };
}

/** The columns of `unitColumns`, in order. */
type UnitTuple = [string, number, string | null, string, number | null, string, string | null, string, string, string | null, string, number, string, string | null];

function fromTuple(t: UnitTuple): LiveUnit {
  const [application, number, machine, address, port, workload, workloadMessage, workloadSince, agent, agentMessage, agentSince, leader, applied, generation] = t;
  return {
    name: `${application}/${number}`,
    application,
    ...(machine !== null ? { machine } : {}),
    address,
    ports: port ? [`${port}/tcp`] : [],
    workload: status(workload, workloadMessage, workloadSince),
    agent: status(agent, agentMessage, agentSince),
    leader: leader === 1,
    applied: JSON.parse(applied) as StoredApplied,
    generation,
  };
}

function toUnit(row: UnitRow): LiveUnit {
  return {
    name: `${row.application}/${row.number}`,
    application: row.application,
    ...(row.machine !== null ? { machine: row.machine } : {}),
    address: row.address,
    ports: row.port ? [`${row.port}/tcp`] : [],
    workload: status(row.workload, row.workload_message, row.workload_since),
    agent: status(row.agent, row.agent_message, row.agent_since),
    leader: row.leader === 1,
    applied: JSON.parse(row.applied) as StoredApplied,
    generation: row.generation,
  };
}

function status(current: string, message: string | null, since: string): StatusValue {
  return message ? { current, message, since } : { current, since };
}

const severity = ['unknown', 'active', 'waiting', 'maintenance', 'blocked', 'error'];

/** An application shows its most severe unit status, as `juju status` derives it. */
function applicationStatus(units: LiveUnit[]): StatusValue {
  let worst: StatusValue = { current: units.length ? 'active' : 'unknown' };
  for (const unit of units) {
    if (severity.indexOf(unit.workload.current) > severity.indexOf(worst.current)) worst = unit.workload;
  }
  return { ...worst };
}
