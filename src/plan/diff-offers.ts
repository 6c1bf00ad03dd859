import type { Bundle, OfferAccess, SaasSpec } from '../model/bundle.js';
import type { LiveModel, LiveOffer, LiveSaas } from '../model/live.js';
import { diffByName } from './diff-by-name.js';
import type { OfferDiff, SaasDiff } from './diff-types.js';
import { stringMapDiff } from './diff-machines.js';

/**
 * Offers (declared in overlays under an application) and consumed offers (`saas`). Juju grants
 * the offer's owner `admin` and `everyone@external` `read` by itself; those entries are only
 * compared when the bundle's ACL names them.
 */
export interface DesiredOffer {
  application: string;
  endpoints: string[];
  acl: Record<string, OfferAccess>;
}

export function desiredOffers(bundle: Bundle): Record<string, DesiredOffer> {
  const out: Record<string, DesiredOffer> = {};
  for (const application in bundle.applications) {
    const offers = bundle.applications[application]?.offers;
    // Most applications offer nothing: they cost no list.
    if (!offers) continue;
    for (const [name, offer] of Object.entries(offers)) {
      if (!offer) continue;
      out[name] = { application, endpoints: [...(offer.endpoints ?? [])].sort(), acl: { ...(offer.acl ?? {}) } };
    }
  }
  return out;
}

/** `ctrl:owner/model.offer` → `owner`; Juju fills in the logged-in user, `admin` by default. */
export function offerOwner(url: string): string {
  const path = url.slice(url.indexOf(':') + 1);
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : 'admin';
}

/** The current controller's prefix dropped and the default owner made explicit. */
export function canonicalOfferUrl(url: string, controller: string): string {
  let rest = url.trim();
  const colon = rest.indexOf(':');
  let prefix = '';
  if (colon >= 0) {
    prefix = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  if (!rest.includes('/')) rest = `admin/${rest}`;
  return prefix && prefix !== controller ? `${prefix}:${rest}` : rest;
}

export function diffOffers(desired: Bundle, live: LiveModel): Record<string, OfferDiff> {
  return diffByName<DesiredOffer, LiveOffer, OfferDiff>(desiredOffers(desired), live.offers, (want, have) => {
    const diff: OfferDiff = {};
    if (want.application !== have.application) diff.application = { bundle: want.application, model: have.application };
    const endpoints = [...have.endpoints].sort();
    if (want.endpoints.join(',') !== endpoints.join(',')) diff.endpoints = { bundle: want.endpoints, model: endpoints };
    const acl = stringMapDiff(want.acl, comparableAcl(have.acl, want.acl, offerOwner(have.url)));
    if (acl) diff.acl = acl;
    return Object.keys(diff).length ? diff : undefined;
  });
}

function comparableAcl(live: Record<string, OfferAccess>, wanted: Record<string, OfferAccess>, owner: string): Record<string, OfferAccess> {
  const out: Record<string, OfferAccess> = {};
  for (const [user, access] of Object.entries(live)) {
    const implicit = (user === owner && access === 'admin') || (user === 'everyone@external' && access === 'read');
    if (!implicit || user in wanted) out[user] = access;
  }
  return out;
}

export function diffSaas(desired: Bundle, live: LiveModel): Record<string, SaasDiff> {
  return diffByName<SaasSpec, LiveSaas, SaasDiff>(desired.saas ?? {}, live.saas, (want, have) => {
    const [bundleUrl, modelUrl] = [canonicalOfferUrl(want.url, live.controller), canonicalOfferUrl(have.url, live.controller)];
    return bundleUrl !== modelUrl ? { url: { bundle: bundleUrl, model: modelUrl } } : undefined;
  });
}
