import { isSecretOption } from '../../model/secrets.js';
import type { ApplicationSpec } from '../../model/bundle.js';
import type { Change } from '../../model/change.js';
import { GitopsError } from '../../model/errors.js';
import type { LiveModel } from '../../model/live.js';

/**
 * One `juju` invocation. Options that must not appear on a command line (secrets: other users
 * see argv in `ps`; long or multi-line values) go into a YAML file written with mode 0600
 * and passed as `fileFlag PATH`, in Juju's `{application: {key: value}}` form.
 */
export interface JujuCommand {
  args: string[];
  /** Values written to a private file: under the application's name, or at the top (model config). */
  file?: { flag: '--file' | '--config'; application?: string; values: Record<string, unknown> };
}

export interface CommandTarget {
  /** `controller:model`, as `-m` takes it. */
  model: string;
  controller: string;
  modelName: string;
  /** The model as last read, for what a change does not carry (which units to remove). */
  live?: LiveModel;
}

/** The juju commands that make one planned change, in order. */
export function commandsForChange(change: Change, t: CommandTarget): JujuCommand[] {
  const m = ['-m', t.model];
  switch (change.kind) {
    case 'add-machine':
      return [{ args: ['add-machine', ...m, ...flag('--constraints', change.spec.constraints), ...flag('--base', change.spec.base)] }];
    case 'deploy':
      return deployCommands(change.application, change.spec, m);
    case 'refresh':
      return [
        {
          args: [
            'refresh',
            ...m,
            change.application,
            ...(change.to.charm && change.to.charm !== change.from.charm ? ['--switch', change.to.charm] : []),
            ...flag('--channel', change.to.channel),
            ...flag('--revision', change.to.revision),
            ...Object.entries(change.to.resources ?? {}).flatMap(([k, v]) => ['--resource', `${k}=${v}`]),
          ],
        },
      ];
    case 'config':
      return configCommands(change.application, change.set, change.unset, m);
    case 'scale':
      return scaleCommands(change.application, change.units, change.from, change.to, t);
    case 'expose':
      return exposeCommands(change, m);
    case 'update-application':
      return updateCommands(change.application, change.field, change.value, m);
    case 'relate':
      return [{ args: ['integrate', ...m, ...change.endpoints] }];
    case 'unrelate':
      return [{ args: ['remove-relation', ...m, ...change.endpoints] }];
    case 'offer':
      return [{ args: ['offer', '-c', t.controller, `${t.modelName}.${change.application}:${change.endpoints.join(',')}`, change.offer] }];
    case 'remove-offer':
      return [{ args: ['remove-offer', '-c', t.controller, '--force', '-y', `${t.modelName}.${change.offer}`] }];
    case 'grant':
    case 'revoke':
      return [{ args: [change.kind, '-c', t.controller, change.user, change.access, offerUrl(t, change.offer)] }];
    case 'consume':
      return [{ args: ['consume', ...m, change.url, change.saas] }];
    case 'remove-saas':
      return [{ args: ['remove-saas', ...m, change.saas] }];
    case 'remove-application':
      return [{ args: ['remove-application', ...m, '--no-prompt', change.application] }];
    case 'remove-machine':
      return [{ args: ['remove-machine', ...m, '--no-prompt', change.machine] }];
    case 'heal-units':
      // Juju units run their application's config: nothing to set at application level. Each
      // unit is reached through its application's unit strategy when the heal is rolled.
      return [];
  }
}

function deployCommands(application: string, spec: ApplicationSpec, m: string[]): JujuCommand[] {
  const { inline, filed } = splitOptions(spec.options ?? {});
  const deploy: JujuCommand = {
    args: [
      'deploy',
      ...m,
      spec.charm,
      application,
      ...flag('--channel', spec.channel),
      ...flag('--revision', spec.revision),
      ...flag('--base', spec.base ?? spec.series),
      ...(spec.num_units !== undefined ? ['-n', String(spec.num_units)] : []),
      ...flag('--to', spec.to?.length ? spec.to.join(',') : undefined),
      ...flag('--constraints', spec.constraints),
      ...Object.entries(inline).flatMap(([k, v]) => ['--config', `${k}=${scalar(v)}`]),
      ...Object.entries(spec.storage ?? {}).flatMap(([k, v]) => ['--storage', `${k}=${v}`]),
      ...Object.entries(spec.resources ?? {}).flatMap(([k, v]) => ['--resource', `${k}=${v}`]),
      ...flag('--bind', bindings(spec.bindings)),
      ...(spec.trust ? ['--trust'] : []),
    ],
    ...(Object.keys(filed).length ? { file: { flag: '--config' as const, application, values: filed } } : {}),
  };
  const after: JujuCommand[] = [];
  if (spec.expose) after.push({ args: ['expose', ...m, application] });
  for (const [endpoint, e] of Object.entries(spec['exposed-endpoints'] ?? {})) after.push({ args: exposeEndpointArgs(application, endpoint, e, m) });
  return [deploy, ...after];
}

function configCommands(application: string, set: Record<string, unknown>, unset: string[], m: string[]): JujuCommand[] {
  const { inline, filed } = splitOptions(set);
  const commands: JujuCommand[] = [];
  const reset = unset.length ? ['--reset', unset.join(',')] : [];
  if (Object.keys(inline).length || (reset.length && !Object.keys(filed).length)) {
    commands.push({ args: ['config', ...m, application, ...Object.entries(inline).map(([k, v]) => `${k}=${scalar(v)}`), ...reset] });
  }
  if (Object.keys(filed).length) {
    // `--file` cannot be combined with key=value pairs, so filed values get their own call.
    commands.push({ args: ['config', ...m, application, ...(commands.length ? [] : reset)], file: { flag: '--file', application, values: filed } });
  }
  return commands;
}

function scaleCommands(application: string, units: number, from: number, to: string[] | undefined, t: CommandTarget): JujuCommand[] {
  const m = ['-m', t.model];
  const live = t.live?.applications[application];
  if (t.live?.type === 'caas') return [{ args: ['scale-application', ...m, application, String(units)] }];
  if (units > from) return [{ args: ['add-unit', ...m, application, '-n', String(units - from), ...flag('--to', to?.length ? to.join(',') : undefined)] }];
  if (!live) throw new GitopsError('application-not-found', `application ${JSON.stringify(application)} not found in model ${t.modelName}`);
  // As the embedded controller does: scale down removes the highest-numbered units.
  const victims = Object.keys(live.units)
    .sort((a, b) => Number(b.split('/')[1]) - Number(a.split('/')[1]))
    .slice(0, from - units);
  return victims.length ? [{ args: ['remove-unit', ...m, '--no-prompt', ...victims.reverse()] }] : [];
}

function exposeCommands(change: Extract<Change, { kind: 'expose' }>, m: string[]): JujuCommand[] {
  if (!change.expose) return [{ args: ['unexpose', ...m, change.application] }];
  const endpoints = Object.entries(change.exposedEndpoints ?? {});
  if (!endpoints.length) return [{ args: ['expose', ...m, change.application] }];
  return endpoints.map(([endpoint, e]) => ({ args: exposeEndpointArgs(change.application, endpoint, e, m) }));
}

function exposeEndpointArgs(application: string, endpoint: string, e: { 'expose-to-spaces'?: string[]; 'expose-to-cidrs'?: string[] }, m: string[]): string[] {
  return [
    'expose',
    ...m,
    application,
    ...flag('--endpoints', endpoint || undefined),
    ...flag('--to-spaces', e['expose-to-spaces']?.join(',')),
    ...flag('--to-cidrs', e['expose-to-cidrs']?.join(',')),
  ];
}

function updateCommands(application: string, field: string, value: unknown, m: string[]): JujuCommand[] {
  switch (field) {
    case 'constraints':
      return [{ args: ['set-constraints', ...m, application, typeof value === 'string' ? value : ''] }];
    case 'trust':
      return [{ args: ['trust', ...m, application, ...(value === true ? [] : ['--remove'])] }];
    case 'bindings': {
      const text = bindings(value as Record<string, string> | undefined);
      return text ? [{ args: ['bind', ...m, application, ...text.split(' ')] }] : [];
    }
    default:
      throw new GitopsError('juju-unsupported', `changing ${field} of a deployed application is not possible through the juju CLI`, {
        hint: field === 'annotations' ? 'Juju has no CLI command for annotations; set them in the bundle before the first deploy' : `redeploy ${application} to change its ${field}`,
      });
  }
}

function splitOptions(values: Record<string, unknown>): { inline: Record<string, unknown>; filed: Record<string, unknown> } {
  const inline: Record<string, unknown> = {};
  const filed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const text = scalar(v);
    if (isSecretOption(k) || typeof v === 'object' || text.length > 200 || /[\n\r]/.test(text)) filed[k] = v;
    else inline[k] = v;
  }
  return { inline, filed };
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function bindings(map: Record<string, string> | undefined): string | undefined {
  const entries = Object.entries(map ?? {});
  if (!entries.length) return undefined;
  return entries.map(([ep, space]) => (ep === '' ? space : `${ep}=${space}`)).join(' ');
}

function flag(name: string, value: string | number | undefined): string[] {
  return value === undefined || value === '' ? [] : [name, String(value)];
}

function offerUrl(t: CommandTarget, offer: string): string {
  return t.live?.offers[offer]?.url || `${t.controller}:admin/${t.modelName}.${offer}`;
}
