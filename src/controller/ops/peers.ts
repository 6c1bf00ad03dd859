import fs from 'node:fs';
import path from 'node:path';
import type { CharmEndpoint } from '../../model/live.js';
import type { OpsContext } from './context.js';
import type { ModelUnitFacts } from '../relation-facts.js';
import type { OfferUrlParts } from '../../bundle/offer-url.js';
import { relationsThroughSaas, saasEntries, type ConsumedRelation } from './saas.js';

/**
 * Cross-model relations between embedded controllers on one host. A controller cannot read
 * another's store (each holds its SQLite file exclusively), so each publishes, per model that
 * offers or consumes, what the other side of a cross-model relation needs — the offers with
 * their endpoints, the saas entries with the relations made through them and where each offer
 * lives, and the facts of the units involved — in `cross-model/<model>.json` in its own
 * folder (0600, like the units' relation files). A controller reads the files of the
 * controllers registered in its `external_controllers` (Juju keeps the same registry for
 * consumed offers of other controllers): a saas URL whose `controller:` prefix names one of
 * them reaches that controller's offer, any other prefix means this controller.
 */
export interface ModelExchange {
  model: string;
  uuid: string;
  offers: Record<string, { application: string; endpoints: Record<string, CharmEndpoint> }>;
  consumes: ExchangeSaas[];
  /** The units of offered applications and of applications related through a saas entry. */
  units: ModelUnitFacts[];
}

export interface ExchangeSaas {
  saas: string;
  url: string;
  /** Where the offer lives: the offering controller's folder, its model and offer. */
  offer: { dir: string; model: string; offer: string };
  relations: ConsumedRelation[];
}

export interface ExternalController {
  name: string;
  dir: string;
}

export function externalControllers(ctx: OpsContext): ExternalController[] {
  return ctx.store.all<ExternalController>('SELECT name, dir FROM external_controllers ORDER BY name');
}

/** Registers (or moves) another embedded controller under the name saas URLs give it. */
export function registerExternalController(ctx: OpsContext, name: string, dir: string): void {
  ctx.store.run('INSERT INTO external_controllers (name, dir) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET dir = excluded.dir', name, path.resolve(dir));
}

/** The folder of the controller an offer URL reaches, or undefined for this controller. */
export function offerControllerDir(ctx: OpsContext, url: OfferUrlParts): string | undefined {
  if (!url.controller) return undefined;
  const row = ctx.store.get<{ dir: string }>('SELECT dir FROM external_controllers WHERE name = ?', url.controller);
  if (!row || (ctx.dir && path.resolve(ctx.dir) === row.dir)) return undefined;
  return row.dir;
}

export function exchangeFile(dir: string, model: string): string {
  return path.join(dir, 'cross-model', `${model}.json`);
}

/** A model's published exchange on another controller; absent or unreadable is none. */
export function readExchange(dir: string, model: string): ModelExchange | undefined {
  try {
    return JSON.parse(fs.readFileSync(exchangeFile(dir, model), 'utf8')) as ModelExchange;
  } catch {
    return undefined;
  }
}

/** Every exchange the registered controllers publish, with the folder each came from. */
export function readPeerExchanges(ctx: OpsContext): { dir: string; exchange: ModelExchange }[] {
  const out: { dir: string; exchange: ModelExchange }[] = [];
  for (const peer of externalControllers(ctx)) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(peer.dir, 'cross-model')).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const file of names.sort()) {
      const exchange = readExchange(peer.dir, file.slice(0, -'.json'.length));
      if (exchange) out.push({ dir: peer.dir, exchange });
    }
  }
  return out;
}

/** Whether a saas entry published elsewhere reaches this controller's `model`. */
export function reachesHere(ctx: OpsContext, saas: ExchangeSaas, model: string): boolean {
  return Boolean(ctx.dir) && saas.offer.dir === path.resolve(ctx.dir!) && saas.offer.model === model;
}

/** The saas entries of this controller that reach `model` on the controller in `dir` (this one or another). */
export function saasReaching(ctx: OpsContext, dir: string, model: string): { model: string; saas: string; url: string; relations: number }[] {
  const wanted = path.resolve(dir);
  const here = ctx.dir ? path.resolve(ctx.dir) : undefined;
  return saasEntries(ctx)
    .filter((entry) => entry.offer.model === model && (offerControllerDir(ctx, entry.offer) ?? here) === wanted)
    .map((entry) => ({ model: entry.model, saas: entry.name, url: entry.url, relations: relationsThroughSaas(ctx, entry.modelId, entry.name).length }));
}
