import type { CharmOption, CharmOptionType, LiveOption } from '../../model/live.js';

/** One setting as `juju config APP --format=json` prints it. */
export interface RawSetting {
  default?: unknown;
  description?: string;
  /** `user`, `default` or `unset` (no value key then). Hand-written fixtures omit it. */
  source?: string;
  type?: string;
  value?: unknown;
}

export interface RawConfig {
  application?: string;
  charm?: string;
  'application-config'?: Record<string, RawSetting>;
  settings?: Record<string, RawSetting>;
}

export interface ApplicationConfig {
  /** User-set values and charm defaults, as LiveApplication.options holds them. */
  options: Record<string, LiveOption>;
  /** The charm's config schema, for checking options before a write. */
  schema: Record<string, CharmOption>;
  trust: boolean;
}

const types: Record<string, CharmOptionType> = { string: 'string', int: 'int', float: 'float', boolean: 'boolean', bool: 'boolean', secret: 'secret' };

/**
 * Reads `juju config APP --format=json`. Unset options have no value and are left out, as in
 * diff-bundle's model side; a setting without `source` but with a value counts as user-set
 * (Juju always prints the source; only trimmed fixtures leave it out).
 */
export function parseConfig(raw: RawConfig): ApplicationConfig {
  const options: Record<string, LiveOption> = {};
  const schema: Record<string, CharmOption> = {};
  for (const [key, s] of Object.entries(raw.settings ?? {})) {
    schema[key] = {
      type: types[s.type ?? 'string'] ?? 'string',
      ...(s.default !== undefined ? { default: s.default } : {}),
      ...(s.description ? { description: s.description } : {}),
    };
    if (s.source === 'unset' || !('value' in s)) continue;
    options[key] = { value: s.value, source: s.source === 'default' ? 'default' : 'user' };
  }
  return { options, schema, trust: raw['application-config']?.trust?.value === true };
}
