import type { Bundle } from '../model/bundle.js';
import type { LiveModel } from '../model/live.js';
import { canonicalConstraints } from './constraints.js';
import type { MachineDiff, MapDiff } from './diff-types.js';
import { canonicalBase } from './series.js';

/**
 * Machines by id, as `juju diff-bundle` compares them without `--map-machines`. A model machine
 * the bundle does not declare is only reported when no unit of a bundle application runs on it:
 * machines created for `new` placements belong to their units and are not differences.
 */
export function diffMachines(desired: Bundle, live: LiveModel): Record<string, MachineDiff> {
  const out: Record<string, MachineDiff> = {};
  const declared = desired.machines ?? {};
  const hosting = new Set<string>();
  for (const [name, app] of Object.entries(live.applications)) {
    if (!desired.applications[name]) continue;
    for (const unit of Object.values(app.units)) if (unit.machine) hosting.add(unit.machine.split('/')[0]);
  }
  const ids = new Set([...Object.keys(declared), ...Object.keys(live.machines).filter((id) => !id.includes('/'))]);
  for (const id of [...ids].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))) {
    const spec = declared[id];
    const machine = live.machines[id];
    if (spec !== undefined && !machine) out[id] = { missing: 'model' };
    else if (spec === undefined && machine && !hosting.has(id)) out[id] = { missing: 'bundle' };
    else if (spec !== undefined && machine) {
      const diff: MachineDiff = {};
      const base = canonicalBase((spec ?? {}).base ?? (spec ?? {}).series ?? desired['default-base'] ?? desired.series);
      const liveBase = canonicalBase(machine.base ?? machine.series);
      if (base && liveBase && base !== liveBase) diff.base = { bundle: base, model: liveBase };
      const constraints = canonicalConstraints((spec ?? {}).constraints);
      const liveConstraints = canonicalConstraints(machine.constraints);
      if (constraints !== undefined && constraints !== liveConstraints) diff.constraints = { bundle: constraints, model: liveConstraints ?? null };
      const annotations = stringMapDiff((spec ?? {}).annotations ?? {}, machine.annotations ?? {});
      if (annotations) diff.annotations = annotations;
      if (Object.keys(diff).length) out[id] = diff;
    }
  }
  return out;
}

export function stringMapDiff<T>(bundle: Record<string, T>, model: Record<string, T>): MapDiff<T> | undefined {
  const out: MapDiff<T> = {};
  for (const key of [...new Set([...Object.keys(bundle), ...Object.keys(model)])].sort()) {
    if (bundle[key] !== model[key]) out[key] = { bundle: bundle[key] ?? null, model: model[key] ?? null };
  }
  return Object.keys(out).length ? out : undefined;
}
