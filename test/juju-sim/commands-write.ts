import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ApplicationSpec, OfferAccess } from '../../src/model/bundle.js';
import type { Change } from '../../src/model/change.js';
import type { LiveApplication } from '../../src/model/live.js';
import { afterAppChange, beforeAppChange } from './charm-families.js';
import { charmConfig } from './deferred-restart.js';
import { flagValue, flagValues, hasFlag, type ParsedArgs } from './argv.js';
import { modelOf, ok, SimError, type SimAnswer, type SimContext } from './sim-context.js';

const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };

/** Runs one planned-change command of the Juju CLI on the embedded controller. */
export async function write(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const model = modelForWrite(ctx, args);
  const live = await ctx.backend.readModel(model);
  const changes = changesFor(ctx, args, live.applications, live.offers);
  for (const change of changes) {
    await beforeAppChange(ctx, model, change as { kind: string; application?: string; set?: Record<string, unknown>; unset?: string[] });
    await ctx.backend.applyChange(model, { ...base, id: `${change.kind}-sim`, ...change } as Change);
    await afterAppChange(ctx, model, change);
  }
  return ok();
}

/** offer/remove-offer/grant/revoke name the model inside their offer argument, not with -m. */
function modelForWrite(ctx: SimContext, args: ParsedArgs): string {
  if (args.command === 'offer') return args.positional[0].split(':')[0].split('.')[0].split('/').pop()!;
  if (args.command === 'remove-offer') return offerParts(args.positional[0]).model;
  if (args.command === 'grant' || args.command === 'revoke') return offerParts(args.positional[2]).model;
  return modelOf(ctx, args);
}

type ChangeBody = Record<string, unknown> & { kind: Change['kind']; application?: string };

function changesFor(ctx: SimContext, args: ParsedArgs, apps: Record<string, LiveApplication>, offers: Record<string, unknown>): ChangeBody[] {
  const [first, second] = args.positional;
  const requireApp = (name: string) => {
    if (!apps[name]) throw new SimError(`application "${name}" not found (not found)`);
    return apps[name];
  };
  switch (args.command) {
    case 'deploy':
      return [{ kind: 'deploy', application: second ?? first.split('/').pop()!, spec: deploySpec(args) }];
    case 'refresh':
      requireApp(first);
      return [{ kind: 'refresh', application: first, to: refreshTarget(args), from: { charm: '' } }];
    case 'config': {
      requireApp(first);
      const set: Record<string, unknown> = {};
      for (const pair of args.positional.slice(1)) {
        const eq = pair.indexOf('=');
        const key = pair.slice(0, eq);
        set[key] = typed(pair.slice(eq + 1), charmConfig(ctx, apps[first])[key]?.type);
      }
      const file = flagValue(args, '--file');
      if (file) Object.assign(set, (parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>)[first] ?? {});
      const unset = (flagValue(args, '--reset') ?? '').split(',').filter(Boolean);
      return [{ kind: 'config', application: first, set, unset, from: {} }];
    }
    case 'add-unit': {
      const app = requireApp(first);
      const n = Number(flagValue(args, '-n', '--num-units') ?? 1);
      const to = flagValue(args, '--to')?.split(',');
      return [{ kind: 'scale', application: first, units: app.scale + n, from: app.scale, ...(to ? { to } : {}) }];
    }
    case 'remove-unit': {
      const app = requireApp(args.positional[0].split('/')[0]);
      for (const unit of args.positional) if (!app.units[unit]) throw new SimError(`unit "${unit}" not found (not found)`);
      const remaining = Object.keys(app.units).length - args.positional.length;
      const highest = Object.keys(app.units).sort((a, b) => Number(b.split('/')[1]) - Number(a.split('/')[1])).slice(0, args.positional.length);
      if (highest.sort().join() !== [...args.positional].sort().join()) throw new SimError('the emulator removes only the highest-numbered units');
      return [{ kind: 'scale', application: args.positional[0].split('/')[0], units: remaining, from: Object.keys(app.units).length }];
    }
    case 'scale-application':
      requireApp(first);
      return [{ kind: 'scale', application: first, units: Number(second), from: apps[first].scale }];
    case 'integrate':
      return [{ kind: 'relate', endpoints: [first, second] }];
    case 'remove-relation':
      return [{ kind: 'unrelate', endpoints: [first, second] }];
    case 'expose': {
      requireApp(first);
      const endpoint = flagValue(args, '--endpoints');
      const spaces = flagValue(args, '--to-spaces')?.split(',');
      const cidrs = flagValue(args, '--to-cidrs')?.split(',');
      const exposedEndpoints = endpoint !== undefined || spaces || cidrs ? { [endpoint ?? '']: { ...(spaces ? { 'expose-to-spaces': spaces } : {}), ...(cidrs ? { 'expose-to-cidrs': cidrs } : {}) } } : undefined;
      return [{ kind: 'expose', application: first, expose: true, ...(exposedEndpoints ? { exposedEndpoints } : {}) }];
    }
    case 'unexpose':
      return [{ kind: 'expose', application: first, expose: false }];
    case 'set-constraints':
      return [{ kind: 'update-application', application: first, field: 'constraints', value: args.positional.slice(1).join(' ') || undefined, from: undefined }];
    case 'trust':
      return [{ kind: 'update-application', application: first, field: 'trust', value: !hasFlag(args, '--remove'), from: undefined }];
    case 'bind':
      return [{ kind: 'update-application', application: first, field: 'bindings', value: Object.fromEntries(args.positional.slice(1).map((b) => (b.includes('=') ? b.split('=', 2) : ['', b]))), from: undefined }];
    case 'offer': {
      const [target, endpoints] = first.split(':');
      const application = target.split('.').pop()!;
      return [{ kind: 'offer', application, offer: second ?? application, endpoints: endpoints.split(',') }];
    }
    case 'remove-offer': {
      const offer = offerParts(first).offer;
      if (!offers[offer]) throw new SimError(`application offer "${first}" not found (not found)`);
      return [{ kind: 'remove-offer', offer }];
    }
    case 'grant':
    case 'revoke':
      return [{ kind: args.command, offer: offerParts(args.positional[2]).offer, user: first, access: second as OfferAccess }];
    case 'consume':
      return [{ kind: 'consume', saas: second ?? offerParts(first).offer, url: first }];
    case 'remove-saas':
      return [{ kind: 'remove-saas', saas: first }];
    case 'remove-application':
      return args.positional.map((application) => ({ kind: 'remove-application' as const, application }));
    case 'add-machine': {
      const id = String(ctx.nextTaskId());
      return [{ kind: 'add-machine', machine: id, spec: { ...(flagValue(args, '--constraints') ? { constraints: flagValue(args, '--constraints') } : {}), ...(flagValue(args, '--base') ? { base: flagValue(args, '--base') } : {}) } }];
    }
    case 'remove-machine':
      return args.positional.map((machine) => ({ kind: 'remove-machine' as const, machine }));
    default:
      throw new SimError(`juju: "${args.command}" is not a juju command. See "juju --help".`);
  }
}

function deploySpec(args: ParsedArgs): ApplicationSpec {
  const options: Record<string, unknown> = {};
  for (const value of flagValues(args, '--config')) {
    if (value.includes('=')) options[value.slice(0, value.indexOf('='))] = typed(value.slice(value.indexOf('=') + 1), undefined);
    else Object.assign(options, Object.values(parseYaml(fs.readFileSync(value, 'utf8')) as Record<string, Record<string, unknown>>)[0] ?? {});
  }
  const revision = flagValue(args, '--revision');
  const units = flagValue(args, '-n', '--num-units');
  const to = flagValue(args, '--to');
  return {
    charm: args.positional[0],
    ...(flagValue(args, '--channel') ? { channel: flagValue(args, '--channel') } : {}),
    ...(revision !== undefined ? { revision: Number(revision) } : {}),
    ...(flagValue(args, '--base') ? { base: flagValue(args, '--base') } : {}),
    num_units: units === undefined ? 1 : Number(units),
    ...(to ? { to: to.split(',') } : {}),
    ...(flagValue(args, '--constraints') ? { constraints: flagValue(args, '--constraints') } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ...(hasFlag(args, '--trust') ? { trust: true } : {}),
  };
}

function refreshTarget(args: ParsedArgs): Record<string, unknown> {
  const revision = flagValue(args, '--revision');
  const resources = Object.fromEntries(flagValues(args, '--resource').map((r) => r.split('=', 2)));
  return {
    ...(flagValue(args, '--switch') ? { charm: flagValue(args, '--switch') } : {}),
    ...(flagValue(args, '--channel') ? { channel: flagValue(args, '--channel') } : {}),
    ...(revision !== undefined ? { revision: Number(revision) } : {}),
    ...(Object.keys(resources).length ? { resources } : {}),
  };
}

/** `[controller:][owner/]model.offer` → its parts. */
function offerParts(url: string): { model: string; offer: string } {
  const path = url.includes(':') ? url.slice(url.indexOf(':') + 1) : url;
  const [model, offer] = (path.includes('/') ? path.split('/')[1] : path).split('.');
  return { model, offer };
}

/** `juju config app k=v` takes text and the charm's option type decides; without a schema, the text's look does. */
function typed(text: string, type: string | undefined): unknown {
  if (type === 'string' || type === 'secret') return text;
  if (type === 'int' || type === 'float') return Number(text);
  if (type === 'boolean') return text === 'true';
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}
