import type { LiveModel } from '../model/live.js';

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

/** One edge of the offer graph: a model consuming another's offer. */
export interface OfferEdge {
  consumer: string;
  saas?: string;
  offerer: string;
  offer: string;
  url: string;
  endpoint?: string;
  status: string;
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

/** `[controller:]owner/model.offer` → model and offer names. */
function parseOfferUrl(url: string): { model: string; offer: string } | undefined {
  const match = /^(?:[^:]+:)?(?:[^/]+\/)?([^.]+)\.(.+)$/.exec(url);
  return match ? { model: match[1], offer: match[2] } : undefined;
}

/**
 * Who consumes what across the watched models: each offer's connections, plus each saas entry
 * whose offer is not among them (consumed from a model outside the watch, or not connected yet).
 */
export function offerGraph(models: readonly { name: string; offers: OfferView[]; saas: SaasView[] }[]): OfferEdge[] {
  const edges: OfferEdge[] = [];
  for (const m of models) {
    for (const o of m.offers) {
      for (const c of o.consumers) edges.push({ consumer: c.model, offerer: m.name, offer: o.name, url: o.url, endpoint: `${o.application}:${c.endpoint}`, status: c.status });
    }
  }
  for (const m of models) {
    for (const s of m.saas) {
      const target = parseOfferUrl(s.url);
      const edge = edges.find((e) => e.consumer === m.name && !e.saas && e.offerer === target?.model && e.offer === target?.offer);
      if (edge) edge.saas = s.name;
      else edges.push({ consumer: m.name, saas: s.name, offerer: target?.model ?? '?', offer: target?.offer ?? s.url, url: s.url, status: 'not connected' });
    }
  }
  return edges;
}
