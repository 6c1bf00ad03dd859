import type { UnitTarget } from '../backends/backend.js';
import { isSecretOption, maskedInLabel } from '../model/secrets.js';

function showValue(name: string, value: unknown, secrets: readonly string[]): string {
  if (value === undefined) return '(default)';
  if (isSecretOption(name, secrets)) return maskedInLabel;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 32 ? `${text.slice(0, 29)}...` : text;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Two short labels saying what changes for a unit (`build_label=v1` → `build_label=v2`),
 * covering only the fields that differ, with secret values masked.
 */
export function describeMove(
  previous: UnitTarget,
  target: UnitTarget,
  secrets: readonly string[] = [],
): { from: string; to: string } {
  const from: string[] = [];
  const to: string[] = [];
  for (const field of ['charm', 'channel', 'revision'] as const) {
    if (target[field] !== undefined && target[field] !== previous[field]) {
      from.push(`${field} ${previous[field] ?? '-'}`);
      to.push(`${field} ${target[field]}`);
    }
  }
  if (target.resources && !sameValue(target.resources, previous.resources)) {
    from.push('resources');
    to.push('resources*');
  }
  if (target.options) {
    const before = previous.options ?? {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(target.options)])].sort();
    for (const key of keys) {
      if (sameValue(before[key], target.options[key])) continue;
      from.push(`${key}=${showValue(key, before[key], secrets)}`);
      to.push(`${key}=${showValue(key, target.options[key], secrets)}`);
    }
  }
  if (target.generation !== undefined && target.generation !== previous.generation) {
    from.push(`generation ${previous.generation ?? '-'}`);
    to.push(`generation ${target.generation ?? '-'}`);
  }
  return { from: from.join(', ') || '(unchanged)', to: to.join(', ') || '(unchanged)' };
}

/** Whether a unit already runs what the target asks for (fields the target leaves out match). */
export function unitAtTarget(applied: UnitTarget, target: UnitTarget): boolean {
  if (target.options && !sameValue(sortKeys(applied.options ?? {}), sortKeys(target.options))) return false;
  for (const field of ['charm', 'channel', 'revision', 'generation'] as const) {
    if (target[field] !== undefined && (applied[field] ?? null) !== (target[field] ?? null)) return false;
  }
  if (target.resources && !sameValue(sortKeys(applied.resources ?? {}), sortKeys(target.resources))) return false;
  return true;
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
