import { charmUrl } from '../../src/cli/views/status-json.js';
import { constraintsValue } from '../../src/backends/juju/parse-show-application.js';
import type { CharmOption, LiveApplication } from '../../src/model/live.js';
import { charmConfig } from './deferred-restart.js';
import { agentVersion, statusJson } from './status-shape.js';
import { migrationStatus } from './controllers.js';
import { flagValue, hasFlag, type ParsedArgs } from './argv.js';
import { fail, json, modelName, modelOf, ok, readForConfig, SimError, type SimAnswer, type SimContext } from './sim-context.js';


export async function version(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const full = `${agentVersion(ctx)}-genericlinux-amd64`;
  if (flagValue(args, '--format') !== 'json') return ok(`${full}\n`);
  return hasFlag(args, '--all') ? json({ version: full, 'git-commit': '0000000000000000000000000000000000000000', 'git-tree-state': 'clean', compiler: 'gc' }) : json(full);
}

export async function status(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  if (args.positional.length) {
    // 4.0 matches selectors by exact name only (no patterns); the backend never passes any.
    if (ctx.dialect === '4.0' && args.positional.some((p) => /[*]/.test(p))) {
      return fail('juju client not compatible with server: patterns are not implemented (not implemented)');
    }
  }
  const live = await ctx.backend.readModel(modelOf(ctx, args));
  return json(statusJson(ctx, live));
}

export async function showModel(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const name = args.positional[0] ? modelName(ctx, args.positional[0]) : modelOf(ctx, args);
  const model = (await ctx.backend.listModels()).find((m) => m.name === name);
  if (!model) throw new SimError(`model "${ctx.controller}:admin/${name}" not found`);
  const owner = ctx.dialect === '4.0' ? { qualifier: 'admin' } : { owner: 'admin' };
  return json({
    [name]: {
      name: `admin/${name}`,
      'short-name': name,
      'model-uuid': model.uuid,
      'model-type': model.type,
      'controller-uuid': '00000000-0000-4000-8000-000000000000',
      'controller-name': ctx.controller,
      'is-controller': false,
      ...owner,
      cloud: 'localhost',
      region: 'localhost',
      type: 'lxd',
      life: 'alive',
      status: migrationStatus(ctx, name) ?? { current: 'available' },
      users: { admin: { 'display-name': 'admin', access: 'admin' } },
      'agent-version': agentVersion(ctx),
    },
  });
}

export async function models(ctx: SimContext): Promise<SimAnswer> {
  const all = await ctx.backend.listModels();
  return json({
    models: all.map((m) => ({ name: `admin/${m.name}`, 'short-name': m.name, 'model-uuid': m.uuid, 'model-type': m.type, 'controller-name': ctx.controller, 'agent-version': agentVersion(ctx) })),
  });
}

export async function config(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const model = modelOf(ctx, args);
  const live = await readForConfig(ctx, model);
  const app = live.applications[args.positional[0] ?? ''];
  if (!app) throw new SimError(`application "${args.positional[0] ?? ''}" not found (not found)`);
  return json(configJson(app, charmConfig(ctx, app)));
}

function configJson(app: LiveApplication, schema: Record<string, CharmOption>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(schema), ...Object.keys(app.options)]);
  for (const key of [...keys].sort()) {
    const option = schema[key];
    const live = app.options[key];
    settings[key] = {
      ...(option?.default !== undefined ? { default: option.default } : {}),
      description: option?.description ?? '',
      source: live ? live.source : option?.default !== undefined ? 'default' : 'unset',
      type: option?.type ?? typeOf(live?.value),
      ...(live ? { value: live.value } : option?.default !== undefined ? { value: option.default } : {}),
    };
  }
  return {
    application: app.name,
    charm: app.charm.replace(/^local:/, ''),
    'application-config': {
      trust: { default: false, description: 'Does this application have access to trusted credentials', source: app.trust ? 'user' : 'default', type: 'bool', value: app.trust },
    },
    settings,
  };
}

/**
 * `juju show-application APP… --format=json` as cmd/juju/application/show.go prints it: one
 * entry per named application (refusing the whole call if one is unknown), constraints always
 * present (`{}` when none: encoding/json does not omit a struct), exposed-endpoints only when set.
 */
export async function showApplication(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  if (!args.positional.length) throw new SimError('an application name must be supplied');
  const live = await readForConfig(ctx, modelOf(ctx, args));
  const missing = args.positional.filter((name) => !live.applications[name]);
  if (missing.length) throw new SimError(missing.map((name) => `application "${name}" not found`).join('\n'));
  return json(Object.fromEntries([...args.positional].sort().map((name) => [name, showApplicationJson(live.applications[name])])));
}

function showApplicationJson(app: LiveApplication): Record<string, unknown> {
  const [os, channel] = (app.base ?? 'ubuntu@22.04').split('@');
  const endpoints = ['', ...Object.keys(app.charmInfo?.endpoints ?? {})];
  return {
    charm: app.charm.replace(/^local:/, ''),
    base: `${os}@${(channel ?? '').split('/')[0]}`,
    ...(app.channel ? { channel: app.channel } : {}),
    constraints: constraintsValue(app.constraints),
    principal: !app.subordinate,
    exposed: app.expose,
    ...(app.exposedEndpoints && Object.keys(app.exposedEndpoints).length ? { 'exposed-endpoints': app.exposedEndpoints } : {}),
    remote: false,
    life: 'alive',
    'endpoint-bindings': Object.keys(app.bindings).length ? app.bindings : Object.fromEntries(endpoints.map((ep) => [ep, 'alpha'])),
  };
}

function typeOf(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'string';
}

export async function offers(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const live = await readForConfig(ctx, modelOf(ctx, args));
  const result: Record<string, unknown> = {};
  for (const offer of Object.values(live.offers)) {
    const app = live.applications[offer.application];
    result[offer.name] = {
      application: offer.application,
      store: ctx.controller,
      charm: app?.charm.startsWith('local:') ? charmUrl(app) : `ch:${charmUrl(app)}`,
      'offer-url': offer.url,
      endpoints: Object.fromEntries(offer.endpoints.map((ep) => [ep, { interface: app?.charmInfo?.endpoints[ep]?.interface ?? '', role: app?.charmInfo?.endpoints[ep]?.role ?? 'provider' }])),
      ...(offer.connections.length
        ? {
            connections: offer.connections.map((c) => ({
              'source-model-uuid': c.sourceModel,
              username: c.username,
              'relation-id': c.relationId,
              endpoint: c.endpoint,
              status: { current: c.status },
            })),
          }
        : {}),
      users: Object.fromEntries(Object.entries(offer.acl).map(([user, access]) => [user, { 'display-name': user.includes('@') ? '' : user, access }])),
    };
  }
  return json(result);
}
