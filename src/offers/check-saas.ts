import type { Diagnostic } from '../model/diagnostic.js';
import type { KnownOffer, RepoModel } from './known-offers.js';
import type { OfferEndpointRecord } from './record.js';
import { fullOfferUrl, shortOfferUrl } from './url.js';

/** Where a JSON pointer of a model's composed bundle was written. */
export type Locate = (pointer: string) => { file: string; line: number; col: number } | undefined;

export interface SaasCheckInput extends RepoModel {
  locate: Locate;
}

/**
 * Offline checks of a consuming model, with no controller: each `saas` URL must name an offer
 * that is recorded in `offers/` or declared by the repository's own bundles, and each relation
 * made through a saas entry must use an endpoint the offer publishes, with an interface that
 * fits the consuming charm's endpoint. Interfaces are only compared when both are known (the
 * offer was recorded from a known charm, or declared by a charm folder of the repository).
 */
export function checkSaasOffers(model: SaasCheckInput, known: ReadonlyMap<string, KnownOffer>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (pointer: string) => ({ pointer, ...(model.locate(pointer) ?? {}) });
  const offerOf = new Map<string, KnownOffer>();
  for (const [saas, spec] of Object.entries(model.bundle.saas ?? {})) {
    const url = typeof spec?.url === 'string' ? fullOfferUrl(spec.url, model.controller) : undefined;
    // A malformed URL is the bundle verifier's finding, not this one's.
    if (!url) continue;
    const offer = known.get(url);
    if (offer) {
      offerOf.set(saas, offer);
      continue;
    }
    const list = [...known.keys()].map((u) => shortOfferUrl(u, model.controller));
    out.push({
      code: 'saas-offer-unknown', severity: 'error', ...at(`/saas/${saas}/url`),
      summary: `saas \`${saas}\` consumes ${spec.url}, which no recorded or declared offer publishes`,
      hint: list.length ? `known offers: ${list.join(', ')}` : 'no offers are recorded yet: apply the offering model, or run `juju-gitops offers record`',
    });
  }
  (model.bundle.relations ?? []).forEach((relation, i) => {
    if (!Array.isArray(relation) || relation.length !== 2) return;
    const ends = relation.map((e) => (typeof e === 'string' ? split(e) : undefined));
    ends.forEach((end, j) => {
      const offer = end && offerOf.get(end.application);
      const other = ends[1 - j];
      if (!end || !offer || !other) return;
      const theirs = model.charmEndpoints[other.application]?.[other.endpoint ?? ''];
      out.push(...checkRelationEnd(end, offer, theirs, `${other.application}${other.endpoint ? `:${other.endpoint}` : ''}`, at(`/relations/${i}/${j}`)));
    });
  });
  return out;
}

function checkRelationEnd(
  end: { application: string; endpoint?: string },
  offer: KnownOffer,
  theirs: OfferEndpointRecord | undefined,
  otherName: string,
  at: Pick<Diagnostic, 'pointer' | 'file' | 'line' | 'col'>,
): Diagnostic[] {
  const offered = Object.keys(offer.endpoints);
  const describe = offered.map((ep) => `${ep}${offer.endpoints[ep].interface ? ` (${offer.endpoints[ep].interface})` : ''}`).join(', ');
  if (end.endpoint && !offer.endpoints[end.endpoint]) {
    return [{
      code: 'saas-endpoint-not-offered', severity: 'error', ...at,
      summary: `relation endpoint \`${end.application}:${end.endpoint}\`: offer ${offer.name} does not publish endpoint \`${end.endpoint}\``,
      hint: `it publishes: ${describe}`,
    }];
  }
  if (!theirs?.interface) return [];
  const candidates = end.endpoint ? [end.endpoint] : offered;
  const fits = candidates.filter((ep) => {
    const mine = offer.endpoints[ep];
    return !mine.interface || (mine.interface === theirs.interface && compatibleRoles(mine.role, theirs.role));
  });
  if (fits.length) return [];
  return [{
    code: 'saas-interface-mismatch', severity: 'error', ...at,
    summary: `relation \`${end.application}${end.endpoint ? `:${end.endpoint}` : ''}\` - \`${otherName}\`: ${otherName} speaks ${theirs.interface} (${theirs.role ?? 'unknown role'}), which offer ${offer.name} does not provide`,
    hint: `the offer publishes: ${describe}`,
  }];
}

function compatibleRoles(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return (a === 'provider' && b === 'requirer') || (a === 'requirer' && b === 'provider');
}

function split(text: string): { application: string; endpoint?: string } {
  const [application, endpoint] = text.split(':', 2);
  return endpoint ? { application, endpoint } : { application };
}
