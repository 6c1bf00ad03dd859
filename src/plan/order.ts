import type { Change, ChangeKind } from '../model/change.js';
import type { LiveModel } from '../model/live.js';
import type { ChangeDraft } from './change-draft.js';

/**
 * Puts changes in the order they can be applied and records why. Machines come first, then
 * deploys, refreshes, config (so new units start with the new config), units healed back to
 * their application, other fields, scale-out,
 * exposure, offers and grants, consumed offers, relations, and scale-down last. Removals run
 * in the reverse order of creation: relations, access, offers, saas, applications, machines.
 */
const changeRank: Partial<Record<ChangeKind, number>> = {
  'add-machine': 0, deploy: 1, refresh: 2, config: 3, 'heal-units': 3, 'update-application': 4, scale: 5,
  expose: 6, offer: 7, grant: 8, consume: 9, relate: 10,
};
const removalRank: Partial<Record<ChangeKind, number>> = {
  unrelate: 0, revoke: 1, 'remove-offer': 2, 'remove-saas': 3, 'remove-application': 4, 'remove-machine': 5,
};

function rank(change: ChangeDraft): number {
  if (change.kind === 'scale' && change.units < change.from) return 11;
  return changeRank[change.kind] ?? removalRank[change.kind] ?? 12;
}

/** Changes that must be applied before a unit can be placed by these directives. */
function placementRequires(to: string[] | undefined): string[] {
  return (to ?? []).flatMap((directive) => {
    const machine = /^(?:[a-z]+:)?(\d+)$/.exec(directive);
    if (machine) return [`add-machine-${machine[1]}`];
    const target = directive.replace(/^[a-z]+:/, '');
    return target === 'new' ? [] : [`deploy-${target.split('/')[0]}`];
  });
}

function applicationOf(endpoint: string): string {
  return endpoint.split(':')[0];
}

function candidates(change: ChangeDraft, live: LiveModel, all: ChangeDraft[]): string[] {
  switch (change.kind) {
    case 'deploy':
      return placementRequires(change.spec.to);
    case 'config':
      return [`refresh-${change.application}`];
    case 'heal-units':
      return [`refresh-${change.application}`, `config-${change.application}`];
    case 'scale':
      return [`refresh-${change.application}`, `config-${change.application}`, ...placementRequires(change.to),
        ...all.filter((c) => c.kind === 'update-application' && c.application === change.application).map((c) => c.id)];
    case 'offer':
      // A Juju 4 offer recreated: the old one goes first.
      return [`deploy-${change.application}`, `remove-offer-${change.offer}`];
    case 'grant':
      return [`offer-${change.offer}`];
    case 'relate':
      return change.endpoints.flatMap((e) => [`deploy-${applicationOf(e)}`, `consume-${applicationOf(e)}`]);
    case 'remove-offer':
      return all.filter((c) => c.kind === 'revoke' && c.offer === change.offer).map((c) => c.id);
    case 'remove-saas':
      return all.filter((c) => c.kind === 'unrelate' && c.endpoints.some((e) => applicationOf(e) === change.saas)).map((c) => c.id);
    case 'remove-application': {
      const offers = new Set(Object.values(live.offers).filter((o) => o.application === change.application).map((o) => o.name));
      return all
        .filter((c) => (c.kind === 'unrelate' && c.endpoints.some((e) => applicationOf(e) === change.application))
          || ((c.kind === 'remove-offer' || c.kind === 'revoke') && offers.has(c.offer)))
        .map((c) => c.id);
    }
    case 'remove-machine': {
      return Object.entries(live.applications)
        .filter(([, app]) => Object.values(app.units).some((u) => u.machine?.split('/')[0] === change.machine))
        .map(([name]) => `remove-application-${name}`);
    }
    default:
      return [];
  }
}

/** Orders drafts by rank, pulling a change's requirements ahead of it; fills `requires`. */
export function orderChanges(drafts: ChangeDraft[], live: LiveModel): Change[] {
  const ids = new Set(drafts.map((d) => d.id));
  const withRequires = drafts.map((d) => ({
    ...d,
    requires: [...new Set(candidates(d, live, drafts))].filter((id) => ids.has(id) && id !== d.id),
  })) as Change[];
  const sorted = withRequires.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const byId = new Map(sorted.map((c) => [c.id, c]));
  const done = new Set<string>();
  const out: Change[] = [];
  const visit = (change: Change, path: Set<string>): void => {
    if (done.has(change.id) || path.has(change.id)) return;
    path.add(change.id);
    for (const id of change.requires) visit(byId.get(id)!, path);
    done.add(change.id);
    out.push(change);
  };
  for (const change of sorted) visit(change, new Set());
  return out;
}
