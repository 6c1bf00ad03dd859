import type { ModelBackend } from '../backends/backend.js';
import type { ModelTransfer, SaasConsumer } from '../backends/transfer.js';
import type { LiveModel } from '../model/live.js';

type TransferBackend = ModelBackend & ModelTransfer;

/**
 * The consumers of a migrating model's offers: saas entries in models of any embedded
 * controller the repository declares (the source and target among them) that reach the model
 * where it lives now. They follow the offer at SUCCESS: each consumer's controller and the
 * target learn each other's folder, and the saas URL names the target (bare when the consumer
 * lives there), as Juju updates a consumer's external controller after a migration.
 */
export interface OfferConsumer extends SaasConsumer {
  controller: TransferBackend;
  offer: string;
}

export async function findConsumers(controllers: readonly TransferBackend[], sourceDir: string | null, model: string): Promise<OfferConsumer[]> {
  if (!sourceDir) return [];
  const found = await Promise.all(controllers.map(async (controller) => (await controller.consumersOf(sourceDir, model)).map((c) => ({ ...c, controller, offer: offerOf(c.url) }))));
  return found.flat();
}

/**
 * What keeps the offers from moving with their consumers: a connection whose consumer is on no
 * controller the repository declares (its relation could not follow), and Juju's own
 * migration breakers on the consumer's side: a saas consumed but not related, and several
 * saas entries of one model for one offer.
 */
export function precheckConsumers(live: LiveModel, consumers: readonly OfferConsumer[]): string[] {
  const problems: string[] = [];
  for (const offer of Object.values(live.offers)) {
    for (const c of offer.connections) {
      if (!consumers.some((k) => k.model === c.sourceModel && k.saas === c.saas && k.offer === offer.name)) {
        problems.push(`offer ${offer.name} is consumed by ${c.sourceModel} (saas ${c.saas ?? '?'}), which is on no embedded controller declared in juju-gitops.yaml that is running: its relation could not follow`);
      }
    }
  }
  const byOffer = new Map<string, OfferConsumer[]>();
  for (const c of consumers) {
    if (!c.relations) problems.push(`saas ${c.saas} in model ${c.model} (controller ${c.controller.controllerName}) consumes ${c.url} but is not related: remove it or relate it first`);
    const key = `${c.controller.controllerName}/${c.model}/${c.offer}`;
    byOffer.set(key, [...(byOffer.get(key) ?? []), c]);
  }
  for (const list of byOffer.values()) {
    if (list.length > 1) problems.push(`model ${list[0].model} consumes offer ${list[0].offer} through several saas entries (${list.map((c) => c.saas).join(', ')}): keep one`);
  }
  return problems;
}

/** Makes the target and every consumer's controller reach each other's offers and exchanges. */
export async function linkControllers(target: TransferBackend, consumers: readonly OfferConsumer[]): Promise<void> {
  const targetDir = await target.controllerDir();
  if (!targetDir) throw new Error(`controller ${target.controllerName} has no folder other controllers could reach it through`);
  const others = [...new Set(consumers.map((c) => c.controller))].filter((c) => c !== target);
  for (const controller of others) {
    const dir = await controller.controllerDir();
    if (!dir) throw new Error(`controller ${controller.controllerName} has no folder the target could reach it through`);
    await controller.linkController(target.controllerName, targetDir);
    await target.linkController(controller.controllerName, dir);
  }
}

/** Points each consumer's saas at the offer on the target, one after another, each waited for. */
export async function repointConsumers(target: TransferBackend, model: string, consumers: readonly OfferConsumer[]): Promise<MovedSaas[]> {
  const moved: MovedSaas[] = [];
  for (const c of consumers) {
    const url = c.controller === target ? `admin/${model}.${c.offer}` : `${target.controllerName}:admin/${model}.${c.offer}`;
    await c.controller.repointSaas(c.model, c.saas, url);
    moved.push({ controller: c.controller.controllerName, model: c.model, saas: c.saas, url });
  }
  return moved;
}

/** A saas entry that now names the offer on the target. */
export interface MovedSaas {
  controller: string;
  model: string;
  saas: string;
  url: string;
}

/** A model's offer connections as comparable lines, so the consumers before and after can be compared. */
export function connectionLines(live: LiveModel): string[] {
  return Object.values(live.offers)
    .flatMap((o) => o.connections.map((c) => `${o.name} ← ${c.sourceModel}:${c.application ?? '?'} via saas ${c.saas ?? '?'} (relation ${c.relationId}, ${c.endpoint})`))
    .sort();
}

function offerOf(url: string): string {
  return url.slice(url.lastIndexOf('.') + 1);
}
