import type { OfferAccess } from '../../model/bundle.js';
import type { LiveOffer } from '../../model/live.js';

export interface RawOffer {
  application?: string;
  store?: string;
  charm?: string;
  'offer-url'?: string;
  endpoints?: Record<string, { interface?: string; role?: string }>;
  connections?: Array<{
    'source-model-uuid'?: string;
    username?: string;
    'relation-id'?: number;
    endpoint?: string;
    status?: { current?: string; message?: string };
  }>;
  users?: Record<string, { 'display-name'?: string; access?: string }>;
}

const accesses = new Set<OfferAccess>(['read', 'consume', 'admin']);

/** `juju offers --format=json`: a map keyed by offer name, with users and connections. */
export function parseOffers(raw: Record<string, RawOffer> | null): Record<string, LiveOffer> {
  const offers: Record<string, LiveOffer> = {};
  for (const [name, o] of Object.entries(raw ?? {})) {
    offers[name] = {
      name,
      application: o.application ?? '',
      url: o['offer-url'] ?? '',
      endpoints: Object.keys(o.endpoints ?? {}).sort(),
      acl: Object.fromEntries(
        Object.entries(o.users ?? {})
          .filter(([, u]) => accesses.has(u.access as OfferAccess))
          .map(([user, u]) => [user, u.access as OfferAccess]),
      ),
      connections: (o.connections ?? []).map((c) => ({
        sourceModel: c['source-model-uuid'] ?? '',
        relationId: c['relation-id'] ?? -1,
        endpoint: c.endpoint ?? '',
        username: c.username ?? '',
        status: c.status?.current ?? 'unknown',
      })),
    };
  }
  return offers;
}
