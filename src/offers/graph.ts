import type { LiveModel } from '../model/live.js';
import { offersRecordOf, type OffersRecord } from './record.js';
import { fullOfferUrl } from './url.js';

/**
 * The offer graph of a set of models, for views (the status page draws it): offers as nodes,
 * consuming models' saas entries as nodes, and one edge per relation made through an offer.
 * Built from records (offline) or live models alike.
 */
export interface OfferGraph {
  offers: { url: string; model: string; name: string; application: string; endpoints: string[] }[];
  consumers: { model: string; saas: string; url: string }[];
  relations: { offer: string; model: string; application?: string; saas?: string; endpoint: string; relationId: number; status: string }[];
}

export function offerGraphFromRecords(records: OffersRecord[], saas: { model: string; controller: string; entries: Record<string, string> }[] = []): OfferGraph {
  const graph: OfferGraph = { offers: [], consumers: [], relations: [] };
  for (const record of records) {
    for (const [name, offer] of Object.entries(record.offers)) {
      const url = fullOfferUrl(offer.url, record.controller) ?? offer.url;
      graph.offers.push({ url, model: record.model, name, application: offer.application, endpoints: Object.keys(offer.endpoints) });
      for (const c of offer.consumers) {
        graph.relations.push({
          offer: url, model: c.model, ...(c.application ? { application: c.application } : {}), ...(c.saas ? { saas: c.saas } : {}),
          endpoint: c.endpoint, relationId: c['relation-id'], status: c.status,
        });
      }
    }
  }
  for (const model of saas) {
    for (const [name, url] of Object.entries(model.entries)) {
      graph.consumers.push({ model: model.model, saas: name, url: fullOfferUrl(url, model.controller) ?? url });
    }
  }
  return sortGraph(graph);
}

/** From live models: their offers (with connections) and their saas entries. */
export function offerGraphFromLive(models: LiveModel[]): OfferGraph {
  return offerGraphFromRecords(
    models.map(offersRecordOf),
    models.map((m) => ({ model: m.name, controller: m.controller, entries: Object.fromEntries(Object.values(m.saas).map((s) => [s.name, s.url])) })),
  );
}

function sortGraph(graph: OfferGraph): OfferGraph {
  graph.offers.sort((a, b) => a.url.localeCompare(b.url));
  graph.consumers.sort((a, b) => a.model.localeCompare(b.model) || a.saas.localeCompare(b.saas));
  graph.relations.sort((a, b) => a.offer.localeCompare(b.offer) || a.model.localeCompare(b.model) || a.relationId - b.relationId);
  return graph;
}
