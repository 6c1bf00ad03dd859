import type { Bundle, JujuDialect, MachineSpec } from '../model/bundle.js';
import type { LiveModel } from '../model/live.js';
import { applicationChanges, deployChange } from './application-changes.js';
import type { ChangeDraft } from './change-draft.js';
import { desiredOffers } from './diff-offers.js';
import type { ModelDiff } from './diff-types.js';
import { seriesToBase } from './series.js';

/**
 * Every change the diff calls for, unordered: `changes` bring the model up to the bundle,
 * `removals` take away what the bundle no longer has (used only when prune is on).
 */
export function draftChanges(diff: ModelDiff, desired: Bundle, live: LiveModel, dialect: JujuDialect = '3.6'): { changes: ChangeDraft[]; removals: ChangeDraft[] } {
  const changes: ChangeDraft[] = [];
  const removals: ChangeDraft[] = [];

  for (const [id, machine] of Object.entries(diff.machines ?? {})) {
    if (machine.missing === 'model') {
      const spec: MachineSpec = { ...(desired.machines?.[id] ?? {}) };
      const defaultBase = desired['default-base'] ?? (desired.series ? seriesToBase(desired.series) : undefined);
      if (!spec.base && !spec.series && defaultBase) spec.base = defaultBase;
      changes.push({ id: `add-machine-${id}`, kind: 'add-machine', classification: 'in-place', machine: id, spec, description: `add new machine ${id}` });
    } else if (machine.missing === 'bundle') {
      removals.push({ id: `remove-machine-${id}`, kind: 'remove-machine', classification: 'destructive', machine: id, description: `remove machine ${id}` });
    }
  }

  for (const [name, app] of Object.entries(diff.applications ?? {})) {
    if (app.missing === 'model') changes.push(deployChange(name, desired.applications[name], desired));
    else if (app.missing === 'bundle') {
      removals.push({ id: `remove-application-${name}`, kind: 'remove-application', classification: 'destructive', application: name, description: `remove application ${name}` });
    } else changes.push(...applicationChanges(name, app, desired.applications[name], live.applications[name]));
  }

  const offers = desiredOffers(desired);
  for (const [offer, diffEntry] of Object.entries(diff.offers ?? {})) {
    const want = offers[offer];
    if (diffEntry.missing === 'bundle') {
      removals.push(removeOfferChange(offer, live, `remove offer ${offer}`));
      continue;
    }
    // Juju 4 cannot update an offer in place: a changed offer is removed (taking its consumers'
    // relations with it, so it needs --force when they are connected) and created again, and
    // every grant is made again.
    const recreate = dialect === '4.0' && !diffEntry.missing && Boolean(diffEntry.application || diffEntry.endpoints);
    if (recreate) {
      const was = live.offers[offer];
      changes.push(removeOfferChange(offer, live, `remove offer ${offer} (${was.application}:${was.endpoints.join(',')}) to create it again as ${want.application}:${want.endpoints.join(',')} (Juju 4 cannot update an offer in place)`));
    }
    if (diffEntry.missing === 'model' || diffEntry.application || diffEntry.endpoints) {
      changes.push({
        id: `offer-${offer}`, kind: 'offer', classification: 'in-place', application: want.application, offer, endpoints: want.endpoints,
        description: `create offer ${offer} using ${want.application}:${want.endpoints.join(',')}`,
      });
    }
    const acl = diffEntry.missing === 'model' || recreate ? Object.fromEntries(Object.entries(want.acl).map(([u, a]) => [u, { bundle: a, model: null }])) : diffEntry.acl ?? {};
    for (const [user, pair] of Object.entries(acl)) {
      if (pair.bundle) {
        changes.push({ id: `grant-${offer}-${user}`, kind: 'grant', classification: 'in-place', offer, user, access: pair.bundle, description: `grant user ${user} ${pair.bundle} access to offer ${offer}` });
      } else if (pair.model) {
        removals.push({ id: `revoke-${offer}-${user}`, kind: 'revoke', classification: 'destructive', offer, user, access: pair.model, description: `revoke user ${user} ${pair.model} access to offer ${offer}` });
      }
    }
  }

  for (const [saas, entry] of Object.entries(diff.saas ?? {})) {
    if (entry.missing === 'bundle') {
      removals.push({ id: `remove-saas-${saas}`, kind: 'remove-saas', classification: 'destructive', saas, description: `remove saas ${saas}` });
    } else {
      const url = desired.saas?.[saas]?.url ?? '';
      changes.push({ id: `consume-${saas}`, kind: 'consume', classification: 'in-place', saas, url, description: `consume offer ${saas} at ${url}` });
    }
  }

  for (const endpoints of diff.relations?.['bundle-additions'] ?? []) {
    changes.push({ id: `relate-${endpoints.join('-')}`, kind: 'relate', classification: 'in-place', endpoints, description: `add relation ${endpoints.join(' - ')}` });
  }
  for (const endpoints of diff.relations?.['model-additions'] ?? []) {
    removals.push({ id: `unrelate-${endpoints.join('-')}`, kind: 'unrelate', classification: 'destructive', endpoints, description: `remove relation ${endpoints.join(' - ')}` });
  }
  return { changes, removals };
}

/** Removing an offer: destructive, and forced (taking its consumers' relations) when consumers are connected. */
function removeOfferChange(offer: string, live: LiveModel, description: string): ChangeDraft {
  const consumers = [...new Set((live.offers[offer]?.connections ?? []).map((c) => `${c.sourceModel}:${c.application ?? c.saas ?? '?'}`))].sort();
  return {
    id: `remove-offer-${offer}`, kind: 'remove-offer', classification: 'destructive', offer,
    description: consumers.length ? `${description}, breaking the relations of ${consumers.join(', ')}` : description,
    ...(consumers.length ? { consumers, force: true } : {}),
  };
}
