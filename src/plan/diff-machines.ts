import type { Bundle, MachineSpec } from '../model/bundle.js';
import type { LiveMachine, LiveModel } from '../model/live.js';
import { canonicalConstraints } from './constraints.js';
import type { MachineDiff, MapDiff } from './diff-types.js';
import { canonicalBase } from './series.js';

/**
 * Machines by id, as `juju diff-bundle` compares them. Without a machine map, a model machine
 * the bundle does not declare is only reported when no unit of a bundle application runs on it:
 * machines created for `new` placements belong to their units and are not differences. With
 * `--map-machines` (bundle id → model id) the user has said how machines correspond, so, as
 * Juju does, every model machine not mapped or declared is reported.
 */
export function diffMachines(desired: Bundle, live: LiveModel, machineMap?: Record<string, string>): Record<string, MachineDiff> {
  const found: [string, MachineDiff][] = [];
  const declared = desired.machines ?? {};
  const seen = new Set<string>();
  for (const [bundleId, spec] of Object.entries(declared)) {
    const id = machineMap?.[bundleId] ?? bundleId;
    seen.add(id);
    const machine = live.machines[id];
    if (!machine) found.push([id, { missing: 'model' }]);
    else {
      const diff = compareMachine(desired, spec ?? {}, machine);
      if (diff) found.push([id, diff]);
    }
  }
  const hosting = machineMap ? () => false : hostingMachines(desired, live);
  for (const id of Object.keys(live.machines)) {
    if (!seen.has(id) && !id.includes('/') && !hosting(id)) found.push([id, { missing: 'bundle' }]);
  }
  // Only the differences are sorted: a large model's thousands of equal machines cost no sorting.
  return Object.fromEntries(found.sort(([a], [b]) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Whether a top-level machine runs a unit of an application the bundle still has. Juju numbers
 * top-level machines 0, 1, 2…, so they are marked in an array by number: a large model has
 * thousands, and a set of their names costs several times more, growing faster than the model.
 */
function hostingMachines(desired: Bundle, live: LiveModel): (id: string) => boolean {
  const numbered: boolean[] = [];
  const named = new Set<string>();
  for (const [name, app] of Object.entries(live.applications)) {
    if (!desired.applications[name]) continue;
    for (const unit in app.units) {
      const machine = app.units[unit].machine;
      if (!machine) continue;
      const slash = machine.indexOf('/');
      const top = slash < 0 ? machine : machine.slice(0, slash);
      const number = machineNumber(top);
      if (number < 0) named.add(top);
      else numbered[number] = true;
    }
  }
  return (id) => {
    const number = machineNumber(id);
    return number < 0 ? named.has(id) : numbered[number] === true;
  };
}

/** The number of a machine id written as Juju writes one (`0`, `17`), else -1. */
function machineNumber(id: string): number {
  if (id.length === 0 || id.length > 9 || (id.length > 1 && id.charCodeAt(0) === 48)) return -1;
  let number = 0;
  for (let i = 0; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

function compareMachine(desired: Bundle, spec: MachineSpec, machine: LiveMachine): MachineDiff | undefined {
  const diff: MachineDiff = {};
  const base = canonicalBase(spec.base ?? spec.series ?? desired['default-base'] ?? desired.series);
  const liveBase = canonicalBase(machine.base ?? machine.series);
  if (base && liveBase && base !== liveBase) diff.base = { bundle: base, model: liveBase };
  const constraints = canonicalConstraints(spec.constraints);
  const liveConstraints = canonicalConstraints(machine.constraints);
  if (constraints !== undefined && constraints !== liveConstraints) diff.constraints = { bundle: constraints, model: liveConstraints ?? null };
  const annotations = stringMapDiff(spec.annotations ?? {}, machine.annotations ?? {});
  if (annotations) diff.annotations = annotations;
  return Object.keys(diff).length ? diff : undefined;
}

export function stringMapDiff<T>(bundle: Record<string, T>, model: Record<string, T>): MapDiff<T> | undefined {
  const out: MapDiff<T> = {};
  for (const key of [...new Set([...Object.keys(bundle), ...Object.keys(model)])].sort()) {
    if (bundle[key] !== model[key]) out[key] = { bundle: bundle[key] ?? null, model: model[key] ?? null };
  }
  return Object.keys(out).length ? out : undefined;
}
