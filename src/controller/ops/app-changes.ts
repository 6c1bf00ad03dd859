import type { ExposedEndpointSpec } from '../../model/bundle.js';
import type { ApplicationField } from '../../model/change.js';
import { GitopsError } from '../../model/errors.js';
import { checkOptions } from '../../bundle/charm-options.js';
import type { ModelRow } from '../store/rows.js';
import { charmOf, fieldsOf, requireApplication } from './applications.js';
import { recordEvent, type OpsContext } from './context.js';
import { healUnits, settleUnits } from './settle.js';

export function configureApplication(ctx: OpsContext, model: ModelRow, name: string, set: Record<string, unknown>, unset: string[]): void {
  const app = requireApplication(ctx, model, name);
  const charm = charmOf(ctx, app);
  const schema = charm?.info.config;
  const unknown = schema ? unset.filter((key) => !schema[key]) : [];
  if (unknown.length) throw new GitopsError('option-unknown', `${name} has no option ${unknown.join(', ')}`);
  const options = { ...(JSON.parse(app.options) as Record<string, unknown>), ...checkOptions(name, set, schema) };
  for (const key of unset) delete options[key];
  ctx.store.run('UPDATE applications SET options = ? WHERE model_id = ? AND name = ?', JSON.stringify(options), model.id, name);
  settleUnits(ctx, model, { ...app, options: JSON.stringify(options) }, charm);
  recordEvent(ctx, model.name, 'config', name, { set, unset });
}

/** Units back to their application's state, all at once (a rollout moves them one by one instead). */
export function healApplicationUnits(ctx: OpsContext, model: ModelRow, name: string, units: string[]): void {
  const app = requireApplication(ctx, model, name);
  healUnits(ctx, model, app, charmOf(ctx, app), units);
  recordEvent(ctx, model.name, 'heal-units', name, { units });
}

export function refreshApplication(
  ctx: OpsContext,
  model: ModelRow,
  name: string,
  to: { charm?: string; channel?: string; revision?: number; resources?: Record<string, number | string> },
): void {
  let app = requireApplication(ctx, model, name);
  if (to.charm !== undefined) {
    const ref = ctx.catalogue.resolve(to.charm);
    const charm = ref.kind === 'local' ? ref.charm : undefined;
    // Options set today must still be valid for the new charm, as `juju refresh --switch` requires.
    checkOptions(name, JSON.parse(app.options) as Record<string, unknown>, charm?.info.config);
    app = {
      ...app,
      charm: ref.kind === 'local' ? `local:${ref.charm.info.name}` : ref.name,
      charm_dir: charm?.dir ?? null,
      revision: to.revision ?? (ref.kind === 'local' ? ref.charm.revision : ref.revision) ?? app.revision,
    };
  }
  if (to.channel !== undefined) app = { ...app, channel: to.channel };
  if (to.revision !== undefined) app = { ...app, revision: to.revision };
  if (to.resources !== undefined) app = { ...app, fields: JSON.stringify({ ...fieldsOf(app), resources: { ...fieldsOf(app).resources, ...to.resources } }) };
  ctx.store.run(
    'UPDATE applications SET charm = ?, charm_dir = ?, channel = ?, revision = ?, fields = ? WHERE model_id = ? AND name = ?',
    app.charm,
    app.charm_dir,
    app.channel,
    app.revision,
    app.fields,
    model.id,
    name,
  );
  settleUnits(ctx, model, app, charmOf(ctx, app));
  recordEvent(ctx, model.name, 'refresh', name, to);
}

export function exposeApplication(
  ctx: OpsContext,
  model: ModelRow,
  name: string,
  expose: boolean,
  exposedEndpoints?: Record<string, ExposedEndpointSpec>,
): void {
  const app = requireApplication(ctx, model, name);
  const fields = { ...fieldsOf(app), expose };
  if (exposedEndpoints && Object.keys(exposedEndpoints).length) fields.exposedEndpoints = exposedEndpoints;
  else delete fields.exposedEndpoints;
  ctx.store.run('UPDATE applications SET fields = ? WHERE model_id = ? AND name = ?', JSON.stringify(fields), model.id, name);
  recordEvent(ctx, model.name, 'expose', name, { expose });
}

const fieldKeys: Record<ApplicationField, string> = {
  constraints: 'constraints',
  annotations: 'annotations',
  bindings: 'bindings',
  storage: 'storage',
  devices: 'devices',
  trust: 'trust',
  base: 'base',
};

export function updateApplication(ctx: OpsContext, model: ModelRow, name: string, field: ApplicationField, value: unknown): void {
  const app = requireApplication(ctx, model, name);
  const key = fieldKeys[field];
  if (!key) throw new GitopsError('field-unknown', `cannot update field ${JSON.stringify(field)} of an application`);
  const fields: Record<string, unknown> = { ...fieldsOf(app) };
  if (value === undefined || value === null) {
    if (field === 'trust') fields.trust = false;
    else if (['annotations', 'bindings', 'storage', 'devices'].includes(field)) fields[key] = {};
    else delete fields[key];
  } else fields[key] = value;
  ctx.store.run('UPDATE applications SET fields = ? WHERE model_id = ? AND name = ?', JSON.stringify(fields), model.id, name);
  recordEvent(ctx, model.name, 'update-application', name, { field });
}
