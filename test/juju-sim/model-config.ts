import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { flagValue, flagValues, type ParsedArgs } from './argv.js';
import { agentVersion } from './status-shape.js';
import { json, modelOf, ok, SimError, type SimAnswer, type SimContext } from './sim-context.js';

/** A few of the keys every Juju model has, at their defaults, so a listing has Juju's mix of sources. */
const defaults: Record<string, unknown> = {
  'automatically-retry-hooks': true,
  'default-base': '',
  'logging-config': '<root>=INFO',
  'update-status-hook-interval': '5m',
};

/**
 * `juju model-config` as cmd/juju/model/config.go runs it (3.6 and main): no argument lists
 * every key as `{key: {Value, Source}}` (Juju's ConfigValue has no JSON tags); one key prints
 * that key, or fails with Juju's "is not a key of the currently targeted model"; `k=v`, `--file`
 * and `--reset` change keys. A key Juju does not know is kept, as Juju keeps it ("Unknown fields
 * are warned about, but preserved"), after the client's warning. Values are kept per model
 * UUID, so they follow a model through a migration, as Juju's model config does.
 */
export async function modelConfig(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const name = modelOf(ctx, args);
  const model = (await ctx.backend.listModels()).find((m) => m.name === name);
  if (!model) throw new SimError(`model "${ctx.controller}:admin/${name}" not found`);
  const store = ctx.modelConfig ?? new Map<string, Record<string, unknown>>();
  const set = store.get(model.uuid) ?? {};
  const resets = flagValues(args, '--reset').flatMap((v) => v.split(',')).filter(Boolean);
  const file = flagValue(args, '--file');
  const assignments = args.positional.filter((p) => p.includes('='));
  const gets = args.positional.filter((p) => !p.includes('='));
  const current = (): Record<string, { Value: unknown; Source: string }> => ({
    ...Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, { Value: v, Source: 'default' }])),
    'agent-version': { Value: agentVersion(ctx), Source: 'model' },
    ...Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { Value: v, Source: 'model' }])),
  });

  if (!resets.length && !file && !assignments.length) {
    if (gets.length > 1) throw new SimError('cannot specify multiple keys to get');
    const all = current();
    if (!gets.length) return json(Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b))));
    const entry = all[gets[0]];
    if (!entry) throw new SimError(`"${gets[0]}" is not a key of the currently targeted model: "admin/${name}"`);
    return flagValue(args, '--format') === 'json' ? json({ [gets[0]]: entry }) : ok(`${String(entry.Value)}\n`);
  }
  if (gets.length) throw new SimError('cannot use --reset flag and get value simultaneously');
  const values: Record<string, unknown> = {
    ...(file ? ((parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null) ?? {}) : {}),
    ...Object.fromEntries(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])),
  };
  if ('agent-version' in values) throw new SimError('"agent-version" must be set via "upgrade-model"');
  const known = current();
  const warnings = [...Object.keys(values), ...resets]
    .filter((key) => !(key in known))
    .map((key) => `WARNING key "${key}" is not defined in the current model configuration: possible misspelling\n`);
  const next = { ...set };
  for (const key of resets) delete next[key];
  Object.assign(next, values);
  store.set(model.uuid, next);
  return { stdout: '', stderr: warnings.join(''), exitCode: 0 };
}
