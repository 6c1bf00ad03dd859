import { GitopsError } from '../model/errors.js';
import type { RepoModel } from './known-offers.js';
import { parseOfferUrl } from '../bundle/offer-url.js';
import { fullOfferUrl } from './url.js';

export interface ModelDependency {
  consumer: string;
  provider: string;
  /** The saas URL that makes the dependency. */
  url: string;
}

/**
 * Which models of the repository consume which: a `saas` URL naming a model of the
 * repository on the same controller (whether or not the offer is declared yet) makes the
 * consumer depend on it.
 */
export function modelDependencies(models: Pick<RepoModel, 'model' | 'controller' | 'bundle'>[]): ModelDependency[] {
  const known = new Map(models.map((m) => [`${m.controller}:${m.model}`, m.model]));
  const out: ModelDependency[] = [];
  for (const m of models) {
    for (const spec of Object.values(m.bundle.saas ?? {})) {
      const url = typeof spec?.url === 'string' ? spec.url : '';
      const parts = parseOfferUrl(url);
      if (!parts || !fullOfferUrl(url, m.controller)) continue;
      const provider = known.get(`${parts.controller ?? m.controller}:${parts.model}`);
      if (provider && provider !== m.model && !out.some((d) => d.consumer === m.model && d.provider === provider)) {
        out.push({ consumer: m.model, provider, url });
      }
    }
  }
  return out;
}

/**
 * The models in an order that reconciles every offering model before its consumers, keeping
 * the given order wherever the offers allow it. A cycle (two models consuming each other's
 * offers) has no such order and is refused, naming it.
 */
export function orderModelsByOffers(order: string[], dependencies: ModelDependency[]): string[] {
  const needs = new Map(order.map((m) => [m, dependencies.filter((d) => d.consumer === m).map((d) => d.provider)]));
  const done: string[] = [];
  const visiting: string[] = [];
  const visit = (model: string) => {
    if (done.includes(model)) return;
    const at = visiting.indexOf(model);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), model];
      throw new GitopsError('offer-cycle', `models consume each other's offers in a cycle: ${cycle.join(' → ')}`, {
        hint: 'an offering model must be reconciled before its consumers; break the cycle by moving one offer or saas entry',
      });
    }
    visiting.push(model);
    for (const provider of needs.get(model) ?? []) visit(provider);
    visiting.pop();
    done.push(model);
  };
  for (const model of order) visit(model);
  return done.filter((m) => order.includes(m));
}
