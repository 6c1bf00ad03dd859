import type { Bundle } from '../model/bundle.js';
import type { LiveModel } from '../model/live.js';
import type { GenerationFile } from './file.js';

/** The units of each application, in unit-number order. */
export type UnitInventory = Record<string, string[]>;

export function unitNumber(unit: string): number {
  return Number(unit.slice(unit.lastIndexOf('/') + 1));
}

export function applicationOf(target: string): string {
  const slash = target.indexOf('/');
  return slash === -1 ? target : target.slice(0, slash);
}

export function byUnitNumber(a: string, b: string): number {
  return applicationOf(a).localeCompare(applicationOf(b)) || unitNumber(a) - unitNumber(b);
}

/** The units as the live model has them. */
export function inventoryFromLive(live: LiveModel): UnitInventory {
  const inventory: UnitInventory = {};
  for (const [name, app] of Object.entries(live.applications)) inventory[name] = Object.keys(app.units).sort(byUnitNumber);
  return inventory;
}

/** The units a bundle asks for (`app/0` … `app/N-1`), when no live model is at hand. */
export function inventoryFromBundle(bundle: Bundle): UnitInventory {
  const inventory: UnitInventory = {};
  for (const [name, spec] of Object.entries(bundle.applications)) {
    inventory[name] = Array.from({ length: spec.num_units ?? 0 }, (_, i) => `${name}/${i}`);
  }
  return inventory;
}

/** A unit tracks the generation when it, or its whole application, is a target. */
export function isTracking(generation: Pick<GenerationFile, 'targets'>, unit: string): boolean {
  return generation.targets.includes(unit) || generation.targets.includes(applicationOf(unit));
}

export interface AppProgress {
  application: string;
  /** `tracking/units`, as Juju's branch view prints it: `1/3`. */
  progress: string;
  units: string[];
  tracking: string[];
  behind: string[];
  /** Tracking units the live model already shows on the generation (only when live was read). */
  moved?: string[];
  /** Every unit tracks it (a whole-application target counts even before it has units). */
  complete: boolean;
}

/** Progress of each application the generation changes, in the order the file lists them. */
export function generationProgress(generation: GenerationFile, inventory: UnitInventory, live?: LiveModel): AppProgress[] {
  return Object.keys(generation.applications).map((application) => {
    const units = inventory[application] ?? [];
    const tracking = units.filter((u) => isTracking(generation, u));
    const behind = units.filter((u) => !isTracking(generation, u));
    const progress: AppProgress = {
      application,
      progress: `${tracking.length}/${units.length}`,
      units,
      tracking,
      behind,
      complete: behind.length === 0 && (units.length > 0 || generation.targets.includes(application)),
    };
    const liveUnits = live?.applications[application]?.units;
    if (liveUnits) progress.moved = tracking.filter((u) => liveUnits[u]?.generation === generation.name);
    return progress;
  });
}

/** An application some but not all of whose units track the generation. */
export function isPartlyMoved(progress: AppProgress): boolean {
  return progress.tracking.length > 0 && progress.behind.length > 0;
}
