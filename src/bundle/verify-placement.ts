import { isRecord, type Raw } from './merge.js';
import { closestMatch } from './suggest.js';
import { parsePlacement } from './syntax.js';
import type { Report } from './report.js';

/** Placement directives: syntax, targets that exist, unit numbers that fit, machines all used. */
export function verifyPlacements(bundle: Raw, report: Report): void {
  const apps = isRecord(bundle.applications) ? bundle.applications : {};
  const kubernetes = bundle.bundle === 'kubernetes';
  const machines = !kubernetes && isRecord(bundle.machines) ? bundle.machines : {};
  const references = new Map(Object.keys(machines).map((id) => [id, 0]));
  for (const [name, spec] of Object.entries(apps)) {
    if (!isRecord(spec) || !Array.isArray(spec.to)) continue;
    const to = spec.to as unknown[];
    const path = ['applications', name, 'to'];
    if (kubernetes) {
      if (to.length > 1) report(path, { code: 'too-many-placements', summary: `too many placement directives for application \`${name}\``, hint: 'Kubernetes applications take one node selector' }, 'key');
      else if (typeof to[0] === 'string' && !to[0].split(',').every((kv) => /^[^=]+=.*$/.test(kv))) {
        report([...path, 0], { code: 'invalid-placement', summary: `invalid node selector ${JSON.stringify(to[0])} for application \`${name}\``, hint: 'write key=value[,key=value]' });
      }
      continue;
    }
    // A num_units of the wrong shape is the schema's finding; counting against it is noise.
    const counted = spec.num_units === undefined || typeof spec.num_units === 'number';
    const units = typeof spec.num_units === 'number' ? spec.num_units : 0;
    if (counted && units >= 0 && to.length > units) {
      report(path, { code: 'too-many-placements', summary: `too many units specified in unit placement for application \`${name}\`: ${to.length} placements for ${units} unit(s)`, hint: `raise num_units to ${to.length}, or remove placements` }, 'key');
    }
    to.forEach((directive, i) => {
      if (typeof directive !== 'string') return;
      const at = [...path, i];
      const p = parsePlacement(directive);
      if (!p) {
        report(at, { code: 'invalid-placement', summary: `invalid placement syntax ${JSON.stringify(directive)}`, hint: 'use a machine id ("0"), "new", a container ("lxd:0", "lxd:new") or a unit ("mysql/0")' });
      } else if (p.application) {
        const target = apps[p.application];
        if (!isRecord(target)) {
          const guess = closestMatch(p.application, Object.keys(apps));
          report(at, { code: 'placement-unknown-application', summary: `placement ${JSON.stringify(directive)} refers to an application not defined in this bundle`, hint: guess ? `did you mean \`${guess}\`?` : 'place units on a machine id, "new", or a unit of an application in this bundle' });
        } else {
          const targetUnits = typeof target.num_units === 'number' ? target.num_units : 0;
          const targetCounted = target.num_units === undefined || typeof target.num_units === 'number';
          if (targetCounted && p.unit >= 0 && p.unit >= targetUnits) {
            report(at, { code: 'placement-unit-out-of-range', summary: `placement ${JSON.stringify(directive)} specifies a unit greater than the ${targetUnits} unit(s) started by the target application`, hint: `units of ${p.application} are numbered 0 to ${Math.max(targetUnits - 1, 0)}` });
          }
        }
      } else if (p.machine !== 'new' && p.machine !== undefined) {
        if (!references.has(p.machine)) {
          report(at, { code: 'placement-unknown-machine', summary: `placement ${JSON.stringify(directive)} refers to a machine not defined in this bundle`, hint: `declare it under \`machines:\` ("${p.machine}": {}), or use "new"` });
        } else {
          references.set(p.machine, references.get(p.machine)! + 1);
        }
      }
    });
  }
  for (const [id, count] of references) {
    if (count === 0) report(['machines', id], { code: 'machine-unreferenced', summary: `machine "${id}" is not referred to by a placement directive`, hint: 'place a unit on it with `to:`, or remove it' }, 'key');
  }
}
