import { stringify } from 'yaml';
import type { OfferAccess } from '../model/bundle.js';
import type { LiveModel } from '../model/live.js';

/**
 * `offers/<model>.yaml`: what a model actually publishes, read from the live model. It holds
 * no timestamps and lists everything in a stable order, so recording an unchanged model
 * writes the same bytes and makes no commit. It never holds credentials: those travel in
 * relation data, which is not recorded.
 */
export interface OffersRecord {
  model: string;
  controller: string;
  offers: Record<string, OfferRecord>;
}

export interface OfferEndpointRecord {
  /** Absent when the offered charm is opaque to the controller. */
  interface?: string;
  role?: 'provider' | 'requirer' | 'peer';
}

export interface OfferRecord {
  /** `[controller:]owner/model.offer` */
  url: string;
  application: string;
  charm?: string;
  endpoints: Record<string, OfferEndpointRecord>;
  /** Access per user: read, consume or admin. */
  access: Record<string, OfferAccess>;
  consumers: ConsumerRecord[];
}

export interface ConsumerRecord {
  model: string;
  /** The consuming application, when the connection names it. */
  application?: string;
  /** The consuming model's name for the offer (its `saas` entry). */
  saas?: string;
  'relation-id': number;
  /** The offer's endpoint the relation uses. */
  endpoint: string;
  status: string;
}

/** The record of a live model's offers. */
export function offersRecordOf(live: LiveModel): OffersRecord {
  const offers: Record<string, OfferRecord> = {};
  for (const name of Object.keys(live.offers).sort()) {
    const offer = live.offers[name];
    const app = live.applications[offer.application];
    const endpoints: Record<string, OfferEndpointRecord> = {};
    for (const endpoint of [...offer.endpoints].sort()) {
      const known = app?.charmInfo?.endpoints[endpoint];
      endpoints[endpoint] = known ? { interface: known.interface, role: known.role } : {};
    }
    offers[name] = {
      url: offer.url,
      application: offer.application,
      ...(app ? { charm: app.charm } : {}),
      endpoints,
      access: Object.fromEntries(Object.entries(offer.acl).sort(([a], [b]) => a.localeCompare(b))),
      consumers: offer.connections
        .map((c): ConsumerRecord => ({
          model: c.sourceModel,
          ...(c.application ? { application: c.application } : {}),
          ...(c.saas ? { saas: c.saas } : {}),
          'relation-id': c.relationId,
          endpoint: c.endpoint,
          status: c.status,
        }))
        .sort((a, b) => a.model.localeCompare(b.model) || a['relation-id'] - b['relation-id']),
    };
  }
  return { model: live.name, controller: live.controller, offers };
}

export function offersRecordPath(model: string): string {
  return `offers/${model}.yaml`;
}

/** The file text: a modeline naming its schema, a line saying who writes it, then the record. */
export function renderOffersRecord(record: OffersRecord): string {
  return [
    '# yaml-language-server: $schema=../schemas/offers.schema.json',
    `# Written by juju-gitops from the live model ${record.model}; edits are overwritten.`,
    stringify(record, { lineWidth: 0 }),
  ].join('\n');
}
