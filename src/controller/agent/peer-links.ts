import fs from 'node:fs';
import path from 'node:path';
import { parseOfferUrl } from '../../bundle/offer-url.js';
import type { ControllerPaths } from '../controller-dir.js';
import { charmOf } from '../ops/applications.js';
import type { OpsContext } from '../ops/context.js';
import { exchangeFile, offerControllerDir, readExchange, readPeerExchanges, reachesHere, type ExchangeSaas, type ModelExchange } from '../ops/peers.js';
import { consumedRelations, saasEntries } from '../ops/saas.js';
import type { ModelUnitFacts } from '../relation-facts.js';
import type { ApplicationRow, ModelRow } from '../store/rows.js';
import { linkThroughSaas, type CrossModelLink } from './cross-model-data.js';
import { writeFileAtomically } from './processes.js';
import { readText, unitFacts } from './unit-facts.js';

/**
 * The cross-model relations of `model` whose other side lives on another embedded controller
 * (see ops/peers.ts), with the facts of that side's units as its controller published them.
 */
export function peerLinks(ctx: OpsContext, model: ModelRow): { links: CrossModelLink[]; facts: ModelUnitFacts[] } {
  const links: CrossModelLink[] = [];
  const facts: ModelUnitFacts[] = [];
  // This model consumes an offer of another controller.
  for (const saas of saasEntries(ctx, model.id)) {
    const url = saas.offer;
    const dir = offerControllerDir(ctx, url);
    const exchange = dir ? readExchange(dir, url.model) : undefined;
    const offer = exchange?.offers[url.offer];
    if (!exchange || !offer) continue;
    const offered = Object.keys(offer.endpoints);
    for (const r of consumedRelations(ctx, model.id, saas.name)) {
      links.push(linkThroughSaas(r, { model: model.name, uuid: model.uuid, saas: saas.name }, { model: exchange.model, application: offer.application, offered }));
    }
    facts.push(...exchange.units.filter((u) => u.application === offer.application));
  }
  // Models of other controllers consume this model's offers.
  const offers = new Map(ctx.store.all<{ name: string; application: string; endpoints: string }>('SELECT name, application, endpoints FROM offers WHERE model_id = ?', model.id).map((o) => [o.name, o]));
  for (const { exchange } of readPeerExchanges(ctx)) {
    for (const saas of exchange.consumes) {
      const offer = offers.get(saas.offer.offer);
      if (!offer || !reachesHere(ctx, saas, model.name)) continue;
      const offered = JSON.parse(offer.endpoints) as string[];
      for (const r of saas.relations) {
        links.push(linkThroughSaas(r, { model: exchange.model, uuid: exchange.uuid, saas: saas.saas }, { model: model.name, application: offer.application, offered }));
        facts.push(...exchange.units.filter((u) => u.application === r.application));
      }
    }
  }
  return { links, facts };
}

/**
 * Writes (or, when the model neither offers nor consumes anything, removes) the model's
 * exchange file for the controllers it has cross-model relations with. Unchanged, it is left
 * alone. Returns whether the model takes part in cross-model relations at all.
 */
export function publishExchange(ctx: OpsContext, paths: ControllerPaths, model: ModelRow): boolean {
  const file = exchangeFile(paths.dir, model.name);
  const offers = ctx.store.all<{ name: string; application: string; endpoints: string }>('SELECT name, application, endpoints FROM offers WHERE model_id = ? ORDER BY name', model.id);
  const saas = ctx.store.all<{ name: string; url: string }>('SELECT name, url FROM saas WHERE model_id = ? ORDER BY name', model.id);
  if (!offers.length && !saas.length) {
    fs.rmSync(file, { force: true });
    return false;
  }
  const apps = new Map(ctx.store.all<ApplicationRow>('SELECT * FROM applications WHERE model_id = ?', model.id).map((a) => [a.name, a]));
  const charms = new Map([...apps].map(([name, a]) => [name, charmOf(ctx, a)]));
  const consumes: ExchangeSaas[] = [];
  for (const s of saas) {
    const url = parseOfferUrl(s.url);
    if (!url) continue;
    consumes.push({
      saas: s.name, url: s.url,
      offer: { dir: offerControllerDir(ctx, url) ?? path.resolve(paths.dir), model: url.model, offer: url.offer },
      relations: consumedRelations(ctx, model.id, s.name),
    });
  }
  const involved = new Set([...offers.map((o) => o.application), ...consumes.flatMap((c) => c.relations.map((r) => r.application))]);
  const exchange: ModelExchange = {
    model: model.name,
    uuid: model.uuid,
    offers: Object.fromEntries(offers.map((o) => {
      const known = charms.get(o.application)?.info.endpoints ?? {};
      const endpoints = (JSON.parse(o.endpoints) as string[]).filter((e) => known[e]).map((e) => [e, known[e]]);
      return [o.name, { application: o.application, endpoints: Object.fromEntries(endpoints) }];
    })),
    consumes,
    units: unitFacts(ctx, paths, model, charms).facts.filter((f) => involved.has(f.application)),
  };
  const text = `${JSON.stringify(exchange, null, 2)}\n`;
  if (readText(file) !== text) writeFileAtomically(file, text);
  return true;
}
