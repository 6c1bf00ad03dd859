import type { Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { CharmOption } from '../model/live.js';

/**
 * Type-checks user options against a charm's config.yaml, coercing as Juju's schema package
 * does for bundle values (`"8080"` is a valid int, `"true"` a valid boolean). An opaque charm
 * has no schema and its options pass unchanged.
 */
export function checkOptions(
  application: string,
  options: Record<string, unknown>,
  schema: Record<string, CharmOption> | undefined,
): Record<string, unknown> {
  if (!schema) return { ...options };
  const diagnostics: Diagnostic[] = [];
  const checked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const option = schema[name];
    if (!option) {
      diagnostics.push({
        code: 'option-unknown',
        severity: 'error',
        summary: `${application} has no option ${name}`,
        hint: `options of its charm: ${Object.keys(schema).join(', ') || '(none)'}`,
      });
      continue;
    }
    const coerced = coerceOption(option.type, value);
    if (coerced === undefined) {
      diagnostics.push({
        code: 'option-type',
        severity: 'error',
        // The kind of value, never the value: it may be a secret, and this reaches reports and logs.
        summary: `option ${name} of ${application} must be ${article(option.type)}, got ${kindOf(value)}`,
      });
      continue;
    }
    checked[name] = coerced;
  }
  if (diagnostics.length) {
    throw new GitopsError('option-invalid', `invalid options for ${application}`, { diagnostics });
  }
  return checked;
}

/** Every option with a value: the charm defaults overlaid with the user's options. */
export function withDefaults(options: Record<string, unknown>, schema: Record<string, CharmOption> | undefined): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(schema ?? {})) if (option.default !== undefined) merged[name] = option.default;
  return Object.assign(merged, options);
}

function coerceOption(type: CharmOption['type'], value: unknown): unknown {
  switch (type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? value : undefined;
    case 'int': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
    }
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return undefined;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return article(typeof value === 'object' ? 'mapping' : typeof value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
