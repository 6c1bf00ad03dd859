import { parseOfferUrl, type OfferUrlParts } from '../../bundle/offer-url.js';
import { GitopsError } from '../../model/errors.js';
import type { LiveRelationEndpoint } from '../../model/live.js';
import type { OpsContext } from './context.js';
import { relationRows } from './relation-rows.js';

/**
 * The saas entries of this controller's models and the relations made through them: what
 * offers, cross-model relation data, migrations and the exchange with other controllers all
 * start from.
 */

/** `[controller:][owner/]model.offer`, the form `juju consume` accepts; anything else is refused. */
export function requireOfferUrl(url: string): OfferUrlParts {
  const parts = parseOfferUrl(url);
  if (!parts) {
    throw new GitopsError('offer-url-invalid', `application offer URL ${JSON.stringify(url)} has invalid form`, {
      hint: 'must be [<controller>:][<user>/]<model>.<offer>',
    });
  }
  return parts;
}

/** A saas entry of some model on this controller, its URL parsed. */
export interface SaasEntry {
  model: string;
  modelId: number;
  modelUuid: string;
  name: string;
  url: string;
  offer: OfferUrlParts;
}

/** Every saas entry of this controller (or of one model), by model and name; an entry whose URL does not parse is left out. */
export function saasEntries(ctx: OpsContext, modelId?: number): SaasEntry[] {
  const rows = ctx.store.all<{ model: string; model_id: number; uuid: string; name: string; url: string }>(
    `SELECT m.name AS model, s.model_id, m.uuid, s.name, s.url FROM saas s JOIN models m ON m.id = s.model_id
     ${modelId === undefined ? '' : 'WHERE s.model_id = ?'} ORDER BY m.name, s.name`,
    ...(modelId === undefined ? [] : [modelId]),
  );
  return rows.flatMap((r) => {
    const offer = parseOfferUrl(r.url);
    return offer ? [{ model: r.model, modelId: r.model_id, modelUuid: r.uuid, name: r.name, url: r.url, offer }] : [];
  });
}

/** A relation of a consuming model made through a saas entry: the saas side, and the application on the other. */
export interface SaasRelation {
  id: number;
  interface?: string;
  through: LiveRelationEndpoint;
  other?: LiveRelationEndpoint;
}

/** The relations of a model made through its saas entry `saas`, by id. */
export function relationsThroughSaas(ctx: OpsContext, modelId: number, saas: string): SaasRelation[] {
  return relationRows(ctx, modelId).flatMap((r) => {
    const through = r.endpoints.find((e) => e.application === saas);
    if (!through) return [];
    const other = r.endpoints.find((e) => e !== through);
    return [{ id: r.id, ...(r.interface ? { interface: r.interface } : {}), through, ...(other ? { other } : {}) }];
  });
}

/** A relation made through a saas entry, from the consumer's side, as the exchange file lists it. */
export interface ConsumedRelation {
  id: number;
  interface?: string;
  /** The consuming application and its endpoint. */
  application: string;
  endpoint: string;
  /** The endpoint named on the saas side; empty when the relation left it to the offer. */
  saasEndpoint: string;
}

/** The relations of a model made through its saas entry `saas` that have a consuming application, by id. */
export function consumedRelations(ctx: OpsContext, modelId: number, saas: string): ConsumedRelation[] {
  return relationsThroughSaas(ctx, modelId, saas).flatMap(({ id, interface: iface, through, other }) =>
    other ? [{ id, ...(iface ? { interface: iface } : {}), application: other.application, endpoint: other.endpoint, saasEndpoint: through.endpoint }] : [],
  );
}

/** The endpoint a relation reaches on the offer: the one the consumer named, else the offer's only endpoint. */
export function offeredEndpoint(named: string, offered: readonly string[]): string {
  return named || (offered.length === 1 ? offered[0] : '');
}
