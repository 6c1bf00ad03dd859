import { stringify } from 'yaml';
import type { OfferAccess } from '../model/bundle.js';
import type { OfferEndpointRecord, OffersRecord } from './record.js';
import { parseOfferUrl } from '../bundle/offer-url.js';
import { fullOfferUrl } from './url.js';

export interface FindFilter {
  /** Only offers with an endpoint of this interface. */
  interface?: string;
  /** An offer URL, or `[controller:][owner/]model` for every offer of a model. */
  url?: string;
  /** Whose access the `access` column shows (Juju shows the logged-in user's). */
  user?: string;
}

export interface FoundOffer {
  store: string;
  /** `owner/model.offer`, as `juju find-offers` prints it. */
  url: string;
  access?: OfferAccess;
  endpoints: Record<string, OfferEndpointRecord>;
  users: Record<string, { access: OfferAccess }>;
}

/** `juju find-offers` over records: every offer matching all the filters given. */
export function findOffers(records: OffersRecord[], filter: FindFilter = {}): FoundOffer[] {
  const user = filter.user ?? 'admin';
  const out: FoundOffer[] = [];
  for (const record of records) {
    for (const offer of Object.values(record.offers)) {
      const full = fullOfferUrl(offer.url, record.controller);
      if (!full || (filter.url && !urlMatches(full, filter.url, record.controller))) continue;
      if (filter.interface && !Object.values(offer.endpoints).some((e) => e.interface === filter.interface)) continue;
      const access = offer.access[user] ?? offer.access['everyone@external'];
      out.push({
        store: record.controller,
        url: full.slice(full.indexOf(':') + 1),
        ...(access ? { access } : {}),
        endpoints: offer.endpoints,
        users: Object.fromEntries(Object.entries(offer.access).map(([u, a]) => [u, { access: a }])),
      });
    }
  }
  return out.sort((a, b) => a.store.localeCompare(b.store) || a.url.localeCompare(b.url));
}

function urlMatches(full: string, wanted: string, controller: string): boolean {
  if (parseOfferUrl(wanted)) return fullOfferUrl(wanted, controller) === full;
  const match = /^(?:([^:/]+):)?(?:([^/]+)\/)?([a-z0-9][a-z0-9-]*)$/.exec(wanted.trim());
  if (!match) return false;
  const [, ctrl, owner, model] = match;
  return full.startsWith(`${ctrl ?? controller}:${owner ?? 'admin'}/${model}.`);
}

export type FindFormat = 'text' | 'yaml' | 'json';

/** Text is `juju find-offers`' table; YAML and JSON are its map keyed by URL. */
export function renderFoundOffers(found: FoundOffer[], format: FindFormat): string {
  if (format !== 'text') {
    // One store: keys as the user writes them; several: each says its controller.
    const oneStore = new Set(found.map((f) => f.store)).size <= 1;
    const map = Object.fromEntries(found.map((f) => [
      oneStore ? f.url : `${f.store}:${f.url}`,
      { ...(f.access ? { access: f.access } : {}), endpoints: f.endpoints, users: f.users },
    ]));
    return format === 'json' ? `${JSON.stringify(map)}\n` : stringify(map);
  }
  if (!found.length) return 'no matching application offers found\n';
  const rows = [['Store', 'URL', 'Access', 'Interfaces'], ...found.map((f) => [
    f.store, f.url, f.access ?? '-',
    Object.entries(f.endpoints).map(([ep, e]) => `${e.interface ?? '?'}:${ep}`).sort().join(', '),
  ])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
