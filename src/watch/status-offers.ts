import type { LiveModel } from '../model/live.js';
import type { OfferGraph } from '../offers/index.js';

export interface OfferView {
  name: string;
  url: string;
  application: string;
  endpoints: string[];
  /** Who may use the offer, `user: access`. */
  access: string[];
  consumers: { model: string; username: string; endpoint: string; status: string }[];
}

export interface SaasView {
  name: string;
  url: string;
}

export function describeOffers(live: LiveModel | undefined): OfferView[] {
  return Object.values(live?.offers ?? {}).map((o) => ({
    name: o.name,
    url: o.url,
    application: o.application,
    endpoints: [...o.endpoints],
    access: Object.entries(o.acl).map(([user, access]) => `${user}: ${access}`),
    consumers: o.connections.map((c) => ({ model: c.sourceModel, username: c.username, endpoint: c.endpoint, status: c.status })),
  }));
}

export function describeSaas(live: LiveModel | undefined): SaasView[] {
  return Object.values(live?.saas ?? {}).map((s) => ({ name: s.name, url: s.url }));
}

/** One row of the cross-model view: a consumer of an offer, connected or not yet. */
export interface OfferEdge {
  consumer: string;
  saas?: string;
  offerer: string;
  url: string;
  endpoint?: string;
  status: string;
}

/**
 * The offer graph as rows: each relation made through an offer, then each saas entry with no
 * relation yet (its offer outside the watched models, or not related).
 */
export function offerEdges(graph: OfferGraph): OfferEdge[] {
  const offerer = (url: string) => graph.offers.find((o) => o.url === url);
  const edges: OfferEdge[] = graph.relations.map((r) => {
    const offer = offerer(r.offer);
    return {
      consumer: r.model,
      ...(r.saas ? { saas: r.saas } : {}),
      offerer: offer?.model ?? '?',
      url: r.offer,
      ...(offer ? { endpoint: `${offer.application}:${r.endpoint}` } : { endpoint: r.endpoint }),
      status: r.status,
    };
  });
  for (const c of graph.consumers) {
    if (graph.relations.some((r) => r.offer === c.url && r.model === c.model)) {
      const edge = edges.find((e) => e.url === c.url && e.consumer === c.model);
      if (edge && !edge.saas) edge.saas = c.saas;
      continue;
    }
    edges.push({ consumer: c.model, saas: c.saas, offerer: offerer(c.url)?.model ?? /[^/:]+(?=\.[^.]+$)/.exec(c.url)?.[0] ?? '?', url: c.url, status: 'not related' });
  }
  return edges;
}
