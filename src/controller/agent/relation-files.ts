import path from 'node:path';
import type { ControllerPaths } from '../controller-dir.js';
import { charmOf } from '../ops/applications.js';
import type { OpsContext } from '../ops/context.js';
import { offerControllerDir } from '../ops/peers.js';
import { relationRows } from '../ops/relation-rows.js';
import { consumedRelations, saasEntries } from '../ops/saas.js';
import type { ApplicationRow, ModelRow } from '../store/rows.js';
import { buildCrossModelViews, linkThroughSaas, type CrossModelLink } from './cross-model-data.js';
import { peerLinks } from './peer-links.js';
import { writeFileAtomically } from './processes.js';
import { buildRelationData } from './relation-data.js';
import { readText, unitFacts } from './unit-facts.js';

export { readText, relationSettingsFile } from './unit-facts.js';

/**
 * Rewrites `relations.json` in the state folder of every workload unit of the model whose
 * relation data changed — relations within the model and cross-model relations through
 * offers, in both directions — and returns those units with the signal their charm wants to be
 * told with (`notify-relations`), and the other models linked to this one by offers (their
 * units' data may depend on this model's). Unchanged files are left alone so nothing reloads
 * for nothing.
 */
export function writeRelationFiles(
  ctx: OpsContext,
  model: ModelRow,
  paths: ControllerPaths,
): { changed: { unit: string; signal?: NodeJS.Signals }[]; linked: string[] } {
  const peers = peerLinks(ctx, model);
  const links = [...crossModelLinks(ctx, model.name), ...peers.links];
  const linked = linkedModels(ctx, model.name);
  const apps = ctx.store.all<ApplicationRow>('SELECT * FROM applications WHERE model_id = ?', model.id);
  const charms = new Map(apps.map((a) => [a.name, charmOf(ctx, a)]));
  const workloadApps = new Set(apps.filter((a) => charms.get(a.name)?.workload?.command).map((a) => a.name));
  if (!workloadApps.size) return { changed: [], linked };
  const { facts, stateDirs } = unitFacts(ctx, paths, model, charms);
  // Relations through a saas entry are described by the cross-model views below, not as local ones.
  const saas = new Set(ctx.store.all<{ name: string }>('SELECT name FROM saas WHERE model_id = ?', model.id).map((r) => r.name));
  const relations = relationRows(ctx, model.id).filter((r) => !r.endpoints.some((e) => saas.has(e.application)));
  const remoteFacts = linked.flatMap((name) => {
    const other = ctx.store.get<ModelRow>('SELECT * FROM models WHERE name = ?', name);
    if (!other) return [];
    const otherApps = ctx.store.all<ApplicationRow>('SELECT * FROM applications WHERE model_id = ?', other.id);
    return unitFacts(ctx, paths, other, new Map(otherApps.map((a) => [a.name, charmOf(ctx, a)]))).facts;
  });
  const data = buildRelationData(relations, facts, workloadApps);
  // A model halfway through a migration is seen on both controllers: its units count once.
  const crossFacts = [...new Map([...facts, ...remoteFacts, ...peers.facts].map((f) => [`${f.model}/${f.unit}`, f])).values()];
  for (const [unit, views] of buildCrossModelViews(model.name, links, crossFacts)) data.get(unit)?.relations.push(...views);
  const changed: { unit: string; signal?: NodeJS.Signals }[] = [];
  for (const [unit, unitData] of data) {
    const file = path.join(stateDirs.get(unit)!, 'relations.json');
    const text = `${JSON.stringify(unitData, null, 2)}\n`;
    if (readText(file) === text) continue;
    writeFileAtomically(file, text);
    const signal = charms.get(unitData.unit.split('/')[0])?.workload?.notifyRelations;
    changed.push({ unit, ...(signal ? { signal } : {}) });
  }
  return { changed, linked };
}

/**
 * Every relation made through a saas entry of this controller that involves `model`, as the
 * consumer or as the offering model, where both live here. A saas URL names this controller's
 * offer unless its prefix names a registered external controller (ops/peers.ts).
 */
export function crossModelLinks(ctx: OpsContext, model: string): CrossModelLink[] {
  const links: CrossModelLink[] = [];
  for (const entry of saasEntries(ctx)) {
    const url = entry.offer;
    if (entry.model !== model && url.model !== model) continue;
    // An offer of another controller: peerLinks reaches it through that controller's exchange.
    if (offerControllerDir(ctx, url)) continue;
    const offer = ctx.store.get<{ application: string; endpoints: string }>(
      'SELECT o.application, o.endpoints FROM offers o JOIN models m ON m.id = o.model_id WHERE m.name = ? AND o.name = ?',
      url.model,
      url.offer,
    );
    if (!offer) continue;
    const offered = JSON.parse(offer.endpoints) as string[];
    for (const r of consumedRelations(ctx, entry.modelId, entry.name)) {
      links.push(linkThroughSaas(r, { model: entry.model, uuid: entry.modelUuid, saas: entry.name }, { model: url.model, application: offer.application, offered }));
    }
  }
  return links;
}

/**
 * Models tied to this one by a saas URL in either direction, whether or not the offer exists:
 * when an offer goes, its consumers' data must be rewritten too.
 */
function linkedModels(ctx: OpsContext, model: string): string[] {
  const out = new Set<string>();
  for (const { model: consumer, offer } of saasEntries(ctx)) {
    if (consumer === model && offer.model !== model) out.add(offer.model);
    if (offer.model === model && consumer !== model) out.add(consumer);
  }
  return [...out].sort();
}
