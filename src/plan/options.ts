import type { CharmOption, LiveOption } from '../model/live.js';

/**
 * Charm options as effective values. When the charm's config schema is known, defaults are
 * made explicit on both sides, so a bundle that leaves an option at its default is not a
 * change; values are coerced to the option's type the same way on both sides, and numbers are
 * compared by value (YAML `1` and `1.0` are one number).
 */
export type OptionSchema = Record<string, CharmOption>;

export function coerceOption(value: unknown, option: CharmOption | undefined): unknown {
  if (!option) return value;
  switch (option.type) {
    case 'int':
    case 'float':
      return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
    case 'boolean':
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return value;
    default:
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
}

// The loops below walk records with for…in rather than Object.entries: a plan runs them for
// every application, and they list nothing.

function defaults(schema: OptionSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in schema) {
    const option = schema[key];
    if (option.default !== undefined && option.default !== null) out[key] = coerceOption(option.default, option);
  }
  return out;
}

/** The options a bundle asks for, with charm defaults filled in; a null value means "default". */
export function desiredOptions(given: Record<string, unknown> | undefined, schema?: OptionSchema): Record<string, unknown> {
  const out = schema ? defaults(schema) : {};
  for (const key in given) {
    const value = given[key];
    if (value === null || value === undefined) continue;
    out[key] = coerceOption(value, schema?.[key]);
  }
  return out;
}

/**
 * The options the live application runs with, in the same terms as `desiredOptions`. Without a
 * schema a charm default only counts when the bundle names that key, since otherwise the bundle
 * cannot be said to disagree with it.
 */
export function liveOptions(
  live: Record<string, LiveOption>,
  schema: OptionSchema | undefined,
  namedByBundle: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out = schema ? defaults(schema) : {};
  for (const key in live) {
    const option = live[key];
    if (option.value === null || option.value === undefined) continue;
    if (!schema && option.source === 'default' && namedByBundle?.[key] == null) continue;
    out[key] = coerceOption(option.value, schema?.[key]);
  }
  return out;
}

/** The user-set values of a live application, as a config change's `from` records them. */
export function userOptions(live: Record<string, LiveOption>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in live) if (live[key].source === 'user') out[key] = live[key].value;
  return out;
}
