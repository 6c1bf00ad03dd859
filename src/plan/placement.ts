import type { LiveUnit } from '../model/live.js';

/**
 * Placement of existing units. Units never move, so only directives that name a machine are
 * checked against the machine each unit is on (`lxd:0` against a container of machine 0);
 * `new`, `lxd:new` and unit or application names say nothing about an existing unit.
 */

/** Juju repeats the last directive for units beyond the end of the list. */
export function expandPlacement(to: string[], units: number): string[] {
  if (to.length === 0) return [];
  return Array.from({ length: Math.max(units, to.length) }, (_, i) => to[Math.min(i, to.length - 1)]);
}

function unitNumber(unit: LiveUnit): number {
  return Number(unit.name.slice(unit.name.lastIndexOf('/') + 1));
}

function observed(directive: string, machine: string | undefined): string {
  if (machine === undefined) return directive;
  const container = /^(\d+)\/([a-z]+)\/\d+$/.exec(machine);
  if (/^\d+$/.test(directive)) return container ? `${container[2]}:${container[1]}` : machine;
  if (/^[a-z]+:\d+$/.test(directive)) return container ? `${container[2]}:${container[1]}` : machine;
  return directive;
}

/**
 * The directives for the units that exist, and what each unit's machine says about it. Equal
 * lists mean the placement holds.
 */
export function comparablePlacement(to: string[] | undefined, numUnits: number, units: Record<string, LiveUnit>): { bundle: string[]; model: string[] } {
  const existing = Object.values(units).sort((a, b) => unitNumber(a) - unitNumber(b));
  const directives = expandPlacement(to ?? [], numUnits).slice(0, existing.length);
  return { bundle: directives, model: directives.map((d, i) => observed(d, existing[i].machine)) };
}
