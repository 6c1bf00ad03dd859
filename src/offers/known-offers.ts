import type { Bundle } from '../model/bundle.js';
import type { ConsumerRecord, OfferEndpointRecord, OffersRecord } from './record.js';
import { fullOfferUrl } from './url.js';

/**
 * Every offer the repository knows of: recorded ones (what models published at their last
 * reconcile) and declared ones (what the repository's own bundles and overlays will publish).
 * Declared endpoints win over recorded ones, since they are what the next apply publishes;
 * consumers only ever come from the records.
 */
export interface KnownOffer {
  /** `controller:owner/model.offer` */
  url: string;
  controller: string;
  model: string;
  name: string;
  application: string;
  endpoints: Record<string, OfferEndpointRecord>;
  consumers: ConsumerRecord[];
  sources: ('record' | 'repository')[];
}

/** A model's composed bundle, and the endpoints of its applications whose charm the repository holds. */
export interface RepoModel {
  model: string;
  controller: string;
  bundle: Bundle;
  charmEndpoints: Record<string, Record<string, OfferEndpointRecord>>;
}

export function declaredOffers(model: RepoModel): KnownOffer[] {
  const out: KnownOffer[] = [];
  for (const [application, spec] of Object.entries(model.bundle.applications)) {
    for (const [name, offer] of Object.entries(spec?.offers ?? {})) {
      if (!offer) continue;
      const known = model.charmEndpoints[application];
      out.push({
        url: `${model.controller}:admin/${model.model}.${name}`,
        controller: model.controller,
        model: model.model,
        name,
        application,
        endpoints: Object.fromEntries([...(offer.endpoints ?? [])].sort().map((ep) => [ep, known?.[ep] ?? {}])),
        consumers: [],
        sources: ['repository'],
      });
    }
  }
  return out;
}

export function recordedOffers(record: OffersRecord): KnownOffer[] {
  return Object.entries(record.offers).flatMap(([name, offer]) => {
    const url = fullOfferUrl(offer.url, record.controller);
    if (!url) return [];
    return [{
      url, controller: record.controller, model: record.model, name, application: offer.application,
      endpoints: offer.endpoints, consumers: offer.consumers, sources: ['record' as const],
    }];
  });
}

export function knownOffers(records: OffersRecord[], models: RepoModel[]): Map<string, KnownOffer> {
  const byUrl = new Map<string, KnownOffer>();
  for (const offer of records.flatMap(recordedOffers)) byUrl.set(offer.url, offer);
  for (const offer of models.flatMap(declaredOffers)) {
    const recorded = byUrl.get(offer.url);
    byUrl.set(offer.url, recorded ? { ...offer, consumers: recorded.consumers, sources: ['record', 'repository'] } : offer);
  }
  return new Map([...byUrl].sort(([a], [b]) => a.localeCompare(b)));
}
