import type { LiveApplication, LiveGeneration, LiveModel, LiveUnit } from '../../model/live.js';

/**
 * Generations on Juju. Juju keeps none (branches are gone in 4.0): the repository holds the
 * open generation, and a staged charm revision is a `juju refresh` that the charm holds part-way
 * — the data-platform charms refresh one unit at a time and pause until `resume-refresh`. Juju
 * then reports the application at the staged revision and every unit not yet refreshed
 * `upgrading-from` the revision before. Read as a generation, that is: the application still at
 * the held units' revision, and the refreshed units tracking the generation. This view is what
 * lets the plan, unit drift and the generation reconcile treat a Juju model like one whose
 * controller keeps generations: the plan does not undo the refresh, the held units are not
 * drift, and the refreshed ones are recognised as moved.
 *
 * Only what Juju's own status shows is translated: an application Juju does not report at the
 * staged revision has moved no unit; one whose units all run it (nothing held back) is left as
 * Juju reports it, since the revision it was refreshed from can no longer be read; and units
 * held on different revisions are left as they are, since no one of them is the application's.
 */
export function heldRefreshView(live: LiveModel, generation: LiveGeneration | null): LiveModel {
  if (!generation) return live;
  const applications = { ...live.applications };
  for (const [name, staged] of Object.entries(generation.applications)) {
    const app = applications[name];
    if (app && staged.revision !== undefined) applications[name] = asGeneration(app, staged.revision, generation.name);
  }
  return { ...live, applications, generation };
}

function asGeneration(app: LiveApplication, staged: number, generation: string): LiveApplication {
  if (app.revision !== staged) return app;
  const moved = (u: LiveUnit) => u.applied.revision === staged && u.applied.charm === app.charm;
  const held = Object.values(app.units).filter((u) => !moved(u));
  const revisions = new Set(held.map((u) => u.applied.revision));
  const [base] = revisions;
  if (held.length === 0 || revisions.size !== 1 || base === undefined || held.some((u) => u.applied.charm !== app.charm)) return app;
  const units: Record<string, LiveUnit> = {};
  for (const unit of Object.values(app.units)) {
    units[unit.name] = moved(unit)
      ? { ...unit, generation }
      // A held unit runs what the application is now shown to run, channel included.
      : { ...unit, applied: { ...unit.applied, ...(app.channel ? { channel: app.channel } : {}) } };
  }
  return { ...app, revision: base, units };
}
