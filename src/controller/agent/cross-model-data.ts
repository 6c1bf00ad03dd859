import { createHash } from 'node:crypto';
import { offeredEndpoint, type ConsumedRelation } from '../ops/saas.js';
import type { ModelUnitFacts } from '../relation-facts.js';
import { remoteUnit, type RelationView } from './relation-data.js';

/**
 * A relation made in a consuming model through a saas entry, and the offer it reaches. Each
 * side sees the other as Juju shows it: the consumer sees the saas name and the offering
 * application's units; the offering side sees a remote application `remote-<token>` (one per
 * consuming application, as Juju names it) whose units are `remote-<token>/N`.
 */
export interface CrossModelLink {
  /** The relation's id in the consuming model. */
  id: number;
  interface?: string;
  consumer: { model: string; application: string; endpoint: string; saas: string; token: string };
  provider: { model: string; application: string; endpoint: string };
}

/** `remote-` and 32 hex digits, stable for one application of one model. */
export function remoteApplicationName(consumerModelUuid: string, application: string): string {
  return `remote-${createHash('sha256').update(`${consumerModelUuid}/${application}`).digest('hex').slice(0, 32)}`;
}

/**
 * The link a relation made through a saas entry makes between the consuming model and the
 * offer's application; `offered` are the offer's endpoints, for a relation that named none.
 */
export function linkThroughSaas(
  relation: ConsumedRelation,
  consumer: { model: string; uuid: string; saas: string },
  provider: { model: string; application: string; offered: readonly string[] },
): CrossModelLink {
  return {
    id: relation.id,
    ...(relation.interface ? { interface: relation.interface } : {}),
    consumer: { model: consumer.model, application: relation.application, endpoint: relation.endpoint, saas: consumer.saas, token: remoteApplicationName(consumer.uuid, relation.application) },
    provider: { model: provider.model, application: provider.application, endpoint: offeredEndpoint(relation.saasEndpoint, provider.offered) },
  };
}

/** The cross-model relation views of the units of `model` (keyed by unit name). */
export function buildCrossModelViews(model: string, links: CrossModelLink[], facts: ModelUnitFacts[]): Map<string, RelationView[]> {
  const unitsOf = (m: string, app: string) => facts.filter((f) => f.model === m && f.application === app);
  const views = new Map<string, RelationView[]>();
  const add = (unit: string, view: RelationView) => views.set(unit, [...(views.get(unit) ?? []), view]);
  for (const link of links) {
    const { consumer, provider } = link;
    const common = { id: link.id, ...(link.interface ? { interface: link.interface } : {}) };
    if (consumer.model === model) {
      const remote = unitsOf(provider.model, provider.application).map((r) => remoteUnit(r, consumer.token));
      for (const unit of unitsOf(model, consumer.application)) {
        add(unit.unit, {
          ...common, endpoint: consumer.endpoint, 'remote-application': consumer.saas, 'remote-endpoint': provider.endpoint,
          'remote-model': provider.model, units: remote,
        });
      }
    }
    if (provider.model === model) {
      const remote = unitsOf(consumer.model, consumer.application).map((r) => remoteUnit(r, consumer.saas, `${consumer.token}/${r.unit.split('/')[1]}`));
      for (const unit of unitsOf(model, provider.application)) {
        add(unit.unit, {
          ...common, endpoint: provider.endpoint, 'remote-application': consumer.token, 'remote-endpoint': consumer.endpoint,
          'remote-model': consumer.model, units: remote,
        });
      }
    }
  }
  return views;
}
