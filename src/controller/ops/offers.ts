import type { OfferAccess } from '../../model/bundle.js';
import { GitopsError } from '../../model/errors.js';
import type { ModelRow } from '../store/rows.js';
import { charmOf, requireApplication } from './applications.js';
import { recordEvent, type OpsContext } from './context.js';
import { relationsThroughSaas, requireOfferUrl, saasEntries } from './saas.js';

const levels: readonly OfferAccess[] = ['read', 'consume', 'admin'];

/** Creates an offer, or updates its endpoints when it exists (as a bundle deploy does). */
export function upsertOffer(
  ctx: OpsContext,
  model: ModelRow,
  application: string,
  offer: string,
  endpoints: string[],
  acl: Record<string, OfferAccess> = {},
): void {
  const app = requireApplication(ctx, model, application);
  if (!/^[a-z][a-z0-9-]*$/.test(offer)) throw new GitopsError('offer-name-invalid', `${JSON.stringify(offer)} is not a valid offer name`);
  if (!endpoints.length) throw new GitopsError('offer-endpoints-missing', `offer ${offer} names no endpoints`);
  const known = charmOf(ctx, app)?.info.endpoints;
  const unknown = known ? endpoints.filter((e) => !known[e]) : [];
  if (unknown.length) {
    throw new GitopsError('endpoint-not-found', `application ${application} has no endpoint ${unknown.join(', ')}`, {
      hint: `its endpoints: ${Object.keys(known ?? {}).join(', ')}`,
    });
  }
  const existing = ctx.store.get<{ application: string }>('SELECT application FROM offers WHERE model_id = ? AND name = ?', model.id, offer);
  if (existing && existing.application !== application) {
    throw new GitopsError('offer-exists', `offer ${offer} already offers application ${existing.application}`);
  }
  ctx.store.run(
    'INSERT INTO offers (model_id, name, application, endpoints) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, name) DO UPDATE SET endpoints = excluded.endpoints',
    model.id,
    offer,
    application,
    JSON.stringify(endpoints),
  );
  // As `juju offer` does: its caller administers the offer and everyone@external may read it.
  if (!existing) {
    grantAccess(ctx, model, offer, 'admin', 'admin');
    grantAccess(ctx, model, offer, 'everyone@external', 'read');
  }
  for (const [user, access] of Object.entries(acl)) grantAccess(ctx, model, offer, user, access);
  recordEvent(ctx, model.name, 'offer', offer, { application, endpoints });
}

/**
 * Removes an offer. With consumers related to it, only `force` removes it, and then their
 * relations go with it (as `juju remove-offer --force`); their saas entries stay, as in Juju.
 */
export function removeOffer(ctx: OpsContext, model: ModelRow, offer: string, opts: { force?: boolean } = {}): void {
  requireOffer(ctx, model, offer);
  const connected = consumerRelations(ctx, model, offer);
  if (connected.length && !opts.force) {
    throw new GitopsError('offer-has-consumers', `offer ${offer} has ${connected.length} consumer relation${connected.length === 1 ? '' : 's'} (${[...new Set(connected.map((c) => c.model))].join(', ')})`, {
      hint: 'removing it breaks them: remove it with force (apply --force), or remove the consumers first',
    });
  }
  for (const c of connected) {
    ctx.store.run('DELETE FROM relations WHERE model_id = ? AND id = ?', c.modelId, c.id);
    recordEvent(ctx, c.model, 'unrelate', `${c.saas} (offer ${model.name}.${offer} removed)`, { id: c.id });
  }
  ctx.store.run('DELETE FROM offer_access WHERE model_id = ? AND offer = ?', model.id, offer);
  ctx.store.run('DELETE FROM offers WHERE model_id = ? AND name = ?', model.id, offer);
  recordEvent(ctx, model.name, 'remove-offer', offer);
}

/** Raises a user's access to at least `access` (a grant never lowers it, as in Juju). */
export function grantAccess(ctx: OpsContext, model: ModelRow, offer: string, user: string, access: OfferAccess): void {
  requireOffer(ctx, model, offer);
  if (!levels.includes(access)) throw new GitopsError('access-invalid', `${JSON.stringify(access)} is not read, consume or admin`);
  const current = currentAccess(ctx, model, offer, user);
  if (current && levels.indexOf(current) >= levels.indexOf(access)) return;
  ctx.store.run(
    'INSERT INTO offer_access (model_id, offer, user, access) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, offer, user) DO UPDATE SET access = excluded.access',
    model.id,
    offer,
    user,
    access,
  );
  recordEvent(ctx, model.name, 'grant', offer, { user, access });
}

/** Revoking a level leaves the one below it (revoking read removes the user), as `juju revoke` does. */
export function revokeAccess(ctx: OpsContext, model: ModelRow, offer: string, user: string, access: OfferAccess): void {
  requireOffer(ctx, model, offer);
  const current = currentAccess(ctx, model, offer, user);
  if (!current || levels.indexOf(current) < levels.indexOf(access)) return;
  const below = levels[levels.indexOf(access) - 1];
  if (below) ctx.store.run('UPDATE offer_access SET access = ? WHERE model_id = ? AND offer = ? AND user = ?', below, model.id, offer, user);
  else ctx.store.run('DELETE FROM offer_access WHERE model_id = ? AND offer = ? AND user = ?', model.id, offer, user);
  recordEvent(ctx, model.name, 'revoke', offer, { user, access });
}

export function consumeOffer(ctx: OpsContext, model: ModelRow, saas: string, url: string): void {
  requireOfferUrl(url);
  if (ctx.store.get('SELECT 1 FROM applications WHERE model_id = ? AND name = ?', model.id, saas)) {
    throw new GitopsError('application-exists', `${saas} is already an application in model ${model.name}`);
  }
  ctx.store.run(
    'INSERT INTO saas (model_id, name, url) VALUES (?, ?, ?) ON CONFLICT (model_id, name) DO UPDATE SET url = excluded.url',
    model.id,
    saas,
    url,
  );
  recordEvent(ctx, model.name, 'consume', saas, { url });
}

export function removeSaas(ctx: OpsContext, model: ModelRow, saas: string): void {
  if (!ctx.store.get('SELECT 1 FROM saas WHERE model_id = ? AND name = ?', model.id, saas)) {
    throw new GitopsError('saas-not-found', `saas ${saas} not found in model ${model.name}`);
  }
  for (const relation of ctx.store.all<{ id: number; endpoints: string }>('SELECT id, endpoints FROM relations WHERE model_id = ?', model.id)) {
    if ((JSON.parse(relation.endpoints) as { application: string }[]).some((e) => e.application === saas)) {
      ctx.store.run('DELETE FROM relations WHERE model_id = ? AND id = ?', model.id, relation.id);
    }
  }
  ctx.store.run('DELETE FROM saas WHERE model_id = ? AND name = ?', model.id, saas);
  recordEvent(ctx, model.name, 'remove-saas', saas);
}

/** Relations in consuming models made through a saas entry naming this offer. */
function consumerRelations(ctx: OpsContext, model: ModelRow, offer: string): { model: string; modelId: number; saas: string; id: number }[] {
  return saasEntries(ctx)
    .filter((s) => s.offer.model === model.name && s.offer.offer === offer)
    .flatMap((s) => relationsThroughSaas(ctx, s.modelId, s.name).map((r) => ({ model: s.model, modelId: s.modelId, saas: s.name, id: r.id })));
}

function requireOffer(ctx: OpsContext, model: ModelRow, offer: string): void {
  if (!ctx.store.get('SELECT 1 FROM offers WHERE model_id = ? AND name = ?', model.id, offer)) {
    throw new GitopsError('offer-not-found', `offer ${offer} not found in model ${model.name}`);
  }
}

function currentAccess(ctx: OpsContext, model: ModelRow, offer: string, user: string): OfferAccess | undefined {
  return ctx.store.get<{ access: OfferAccess }>('SELECT access FROM offer_access WHERE model_id = ? AND offer = ? AND user = ?', model.id, offer, user)?.access;
}
