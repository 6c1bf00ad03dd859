import type { ApplicationSpec } from '../../model/bundle.js';
import { GitopsError } from '../../model/errors.js';
import { checkOptions } from '../../bundle/charm-options.js';
import type { ApplicationFields, ApplicationRow, ModelRow } from '../store/rows.js';
import { electLeader, insertUnit, requireApplication } from './applications.js';
import { recordEvent, type OpsContext } from './context.js';
import { placeUnit } from './machines.js';
import { upsertOffer } from './offers.js';

const applicationName = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

export function deployApplication(ctx: OpsContext, model: ModelRow, name: string, spec: ApplicationSpec): void {
  if (!applicationName.test(name)) {
    throw new GitopsError('application-name-invalid', `${JSON.stringify(name)} is not a valid application name`);
  }
  if (ctx.store.get('SELECT 1 FROM applications WHERE model_id = ? AND name = ? UNION SELECT 1 FROM saas WHERE model_id = ? AND name = ?', model.id, name, model.id, name)) {
    throw new GitopsError('application-exists', `application ${name} already exists in model ${model.name}`);
  }
  if (typeof spec.charm !== 'string' || !spec.charm) throw new GitopsError('charm-missing', `application ${name} has no charm`);
  const ref = ctx.catalogue.resolve(spec.charm);
  const charm = ref.kind === 'local' ? ref.charm : undefined;
  const options = checkOptions(name, spec.options ?? {}, charm?.info.config);
  const subordinate = charm?.info.subordinate ?? false;
  const revision = spec.revision ?? (ref.kind === 'local' ? ref.charm.revision : ref.revision);
  const fields: ApplicationFields = {
    ...(spec.base ?? spec.series ? { base: spec.base ?? spec.series } : {}),
    expose: spec.expose === true,
    ...(spec['exposed-endpoints'] ? { exposedEndpoints: spec['exposed-endpoints'] } : {}),
    ...(spec.constraints ? { constraints: spec.constraints } : {}),
    annotations: spec.annotations ?? {},
    storage: spec.storage ?? {},
    devices: spec.devices ?? {},
    bindings: spec.bindings ?? {},
    resources: spec.resources ?? {},
    trust: spec.trust === true,
  };
  const units = subordinate ? 0 : Math.max(0, spec.num_units ?? 0);
  ctx.store.run(
    `INSERT INTO applications (model_id, name, charm, charm_dir, channel, revision, subordinate, scale, next_unit, options, fields)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    model.id,
    name,
    ref.kind === 'local' ? `local:${ref.charm.info.name}` : ref.name,
    charm?.dir ?? null,
    spec.channel ?? null,
    revision ?? null,
    subordinate ? 1 : 0,
    units,
    JSON.stringify(options),
    JSON.stringify(fields),
  );
  recordEvent(ctx, model.name, 'deploy', name, { charm: spec.charm, units });
  addUnits(ctx, model, requireApplication(ctx, model, name), units, spec.to);
  for (const [offer, offerSpec] of Object.entries(spec.offers ?? {})) {
    upsertOffer(ctx, model, name, offer, offerSpec.endpoints, offerSpec.acl);
  }
}

export function addUnits(ctx: OpsContext, model: ModelRow, app: ApplicationRow, count: number, to: string[] = []): void {
  if (count <= 0) return;
  const hasLeader = Boolean(ctx.store.get('SELECT 1 FROM units WHERE model_id = ? AND application = ? AND leader = 1', model.id, app.name));
  for (let i = 0; i < count; i++) {
    // A placement list shorter than the unit count repeats its last entry, as Juju does.
    const machine = placeUnit(ctx, model, to.length ? to[Math.min(i, to.length - 1)] : undefined, i);
    insertUnit(ctx, model, app, app.next_unit + i, machine, !hasLeader && i === 0);
  }
  ctx.store.run('UPDATE applications SET next_unit = ? WHERE model_id = ? AND name = ?', app.next_unit + count, model.id, app.name);
}

export function scaleApplication(ctx: OpsContext, model: ModelRow, name: string, units: number, to?: string[]): void {
  const app = requireApplication(ctx, model, name);
  if (app.subordinate) throw new GitopsError('scale-subordinate', `${name} is a subordinate application; its units follow its principals`);
  if (!Number.isInteger(units) || units < 0) throw new GitopsError('scale-invalid', `cannot scale ${name} to ${units} units`);
  const current = ctx.store.all<{ number: number }>(
    'SELECT number FROM units WHERE model_id = ? AND application = ? ORDER BY number DESC',
    model.id,
    name,
  );
  if (units > current.length) addUnits(ctx, model, app, units - current.length, to);
  for (const unit of current.slice(0, Math.max(0, current.length - units))) {
    ctx.store.run('DELETE FROM units WHERE model_id = ? AND application = ? AND number = ?', model.id, name, unit.number);
  }
  ctx.store.run('UPDATE applications SET scale = ? WHERE model_id = ? AND name = ?', units, model.id, name);
  electLeader(ctx, model, name);
  recordEvent(ctx, model.name, 'scale', name, { from: current.length, to: units });
}

export function removeApplication(ctx: OpsContext, model: ModelRow, name: string): void {
  requireApplication(ctx, model, name);
  for (const relation of ctx.store.all<{ id: number; endpoints: string }>('SELECT id, endpoints FROM relations WHERE model_id = ?', model.id)) {
    const endpoints = JSON.parse(relation.endpoints) as { application: string }[];
    if (endpoints.some((e) => e.application === name)) {
      ctx.store.run('DELETE FROM relations WHERE model_id = ? AND id = ?', model.id, relation.id);
    }
  }
  for (const offer of ctx.store.all<{ name: string }>('SELECT name FROM offers WHERE model_id = ? AND application = ?', model.id, name)) {
    ctx.store.run('DELETE FROM offer_access WHERE model_id = ? AND offer = ?', model.id, offer.name);
    ctx.store.run('DELETE FROM offers WHERE model_id = ? AND name = ?', model.id, offer.name);
  }
  ctx.store.run('DELETE FROM units WHERE model_id = ? AND application = ?', model.id, name);
  ctx.store.run('DELETE FROM applications WHERE model_id = ? AND name = ?', model.id, name);
  recordEvent(ctx, model.name, 'remove-application', name);
}
