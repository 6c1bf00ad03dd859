import { parse } from 'yaml';
import { closestMatch } from '../bundle/suggest.js';
import { GitopsError } from '../model/errors.js';
import type { CharmOption } from '../model/live.js';
import { isSecretSetting } from './settings.js';

/**
 * `k=v` arguments as `juju config` takes them. When the charm's config schema is known the
 * value is read as the declared type (a string option keeps `10` as the string "10"); for an
 * opaque charm it is read as a YAML 1.1 scalar, as a bundle would hold it.
 */
export function parseAssignments(pairs: readonly string[], schema?: Record<string, CharmOption>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new GitopsError('config-bad-argument', `expected key=value, got "${pair}"`, {
        hint: 'write each option as key=value, e.g. `debug=true`; run `config APP` alone to see the current values',
      });
    }
    const key = pair.slice(0, eq);
    if (schema && !schema[key]) {
      // As `juju config`: a charm whose options are known refuses one it does not have.
      const guess = closestMatch(key, Object.keys(schema));
      throw new GitopsError('config-unknown-option', `the charm has no option ${key}`, {
        hint: guess ? `did you mean \`${guess}\`?` : `its options: ${Object.keys(schema).join(', ') || '(none)'}`,
      });
    }
    values[key] = parseOptionValue(key, pair.slice(eq + 1), schema?.[key]);
  }
  return values;
}

const booleans: Record<string, boolean> = { '1': true, t: true, true: true, '0': false, f: false, false: false };

export function parseOptionValue(key: string, raw: string, option?: CharmOption): unknown {
  if (!option) return inferScalar(raw);
  const shown = isSecretSetting(`options.${key}`) || option.type === 'secret' ? 'a value' : `"${raw}"`;
  const bad = (what: string) =>
    new GitopsError('config-bad-value', `option ${key} is ${what}, got ${shown}`, {
      hint: option.description ? `${key}: ${option.description}` : undefined,
    });
  switch (option.type) {
    case 'string':
    case 'secret':
      return raw;
    case 'int':
      if (!/^[-+]?\d+$/.test(raw.trim())) throw bad('an integer');
      return Number(raw);
    case 'float': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw bad('a number');
      return value;
    }
    case 'boolean': {
      const value = booleans[raw.trim().toLowerCase()];
      if (value === undefined) throw bad('a boolean (true or false)');
      return value;
    }
  }
}

function inferScalar(raw: string): unknown {
  if (raw === '') return '';
  try {
    const value: unknown = parse(raw, { version: '1.1' });
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : raw;
  } catch {
    return raw;
  }
}
