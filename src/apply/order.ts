import type { RolloutPolicy } from '../model/config.js';

export interface OrderableUnit {
  name: string;
  leader: boolean;
}

/** `app/12` → 12; names without a number sort last, by name. */
function unitOrdinal(name: string): number {
  const n = Number(name.slice(name.lastIndexOf('/') + 1));
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

function byOrdinal(a: OrderableUnit, b: OrderableUnit): number {
  return unitOrdinal(a.name) - unitOrdinal(b.name) || a.name.localeCompare(b.name);
}

/**
 * The order units move in. `leader-last` keeps the leader serving (and holding leadership)
 * until every other unit has proved the change; an explicit list moves the named units first,
 * in that order, then the others by ordinal, so a list never silently leaves a unit behind.
 */
export function orderUnits(units: readonly OrderableUnit[], order: RolloutPolicy['order']): string[] {
  const sorted = [...units].sort(byOrdinal);
  if (Array.isArray(order)) {
    const present = new Set(sorted.map((u) => u.name));
    const listed = order.filter((name, i) => present.has(name) && order.indexOf(name) === i);
    const rest = sorted.map((u) => u.name).filter((name) => !listed.includes(name));
    return [...listed, ...rest];
  }
  if (order === 'ordinal') return sorted.map((u) => u.name);
  const leaders = sorted.filter((u) => u.leader).map((u) => u.name);
  const others = sorted.filter((u) => !u.leader).map((u) => u.name);
  return order === 'leader-first' ? [...leaders, ...others] : [...others, ...leaders];
}

/** Splits ordered units into batches of at most `size` (at least one unit per batch). */
export function batchUnits<T>(ordered: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const batches: T[][] = [];
  for (let i = 0; i < ordered.length; i += step) batches.push(ordered.slice(i, i + step));
  return batches;
}

/**
 * The batches a rollout runs before it stops for promotion: with `canary: N`, the first N units
 * in order (batched as usual), otherwise all of them.
 */
export function scheduleRollout<T>(ordered: readonly T[], policy: Pick<RolloutPolicy, 'batch' | 'canary'>): {
  batches: T[][];
  held: T[];
} {
  const canary = policy.canary > 0 ? Math.min(policy.canary, ordered.length) : ordered.length;
  const moving = ordered.slice(0, canary);
  return { batches: batchUnits(moving, policy.batch), held: ordered.slice(canary) };
}
