import type { ControllerPaths } from '../controller-dir.js';
import type { OpsContext } from '../ops/context.js';
import type { ModelRow } from '../store/rows.js';
import { publishExchange } from './peer-links.js';
import { writeRelationFiles } from './relation-files.js';

export interface ChangedUnits {
  model: ModelRow;
  changed: { unit: string; signal?: NodeJS.Signals }[];
}

/**
 * Keeps the units' relation data and the models' cross-model exchanges up to date: a model
 * first, then the models linked to it by offers (a consumer's data comes from the offering
 * model's units and the other way round). Units of another controller change without telling
 * this one, so models taking part in cross-model relations are read again every `pollMs` while
 * other controllers are registered (unchanged files are not rewritten: nothing reloads for
 * nothing).
 */
export class RelationWriter {
  /** Models that offer or consume (their exchange is published). */
  private readonly crossModel = new Set<string>();
  private nextPoll = 0;

  constructor(
    private readonly ctx: () => OpsContext,
    private readonly paths: ControllerPaths,
    private readonly pollMs: number,
  ) {}

  /** Rewrites the model's relation data and its linked models'; returns the units to tell. */
  write(model: ModelRow): ChangedUnits[] {
    const first = this.writeModel(model);
    const out = first.changed ? [first.changed] : [];
    for (const name of first.linked) {
      const other = this.ctx().store.get<ModelRow>('SELECT * FROM models WHERE name = ?', name);
      const written = other && this.writeModel(other).changed;
      if (written) out.push(written);
    }
    return out;
  }

  /** The models whose cross-model data is due to be read again. */
  dueForPoll(now: number): ModelRow[] {
    if (now < this.nextPoll || !this.crossModel.size) return [];
    this.nextPoll = now + this.pollMs;
    const { store } = this.ctx();
    if (!store.get('SELECT 1 FROM external_controllers LIMIT 1')) return [];
    const due: ModelRow[] = [];
    for (const name of this.crossModel) {
      const model = store.get<ModelRow>('SELECT * FROM models WHERE name = ?', name);
      if (model) due.push(model);
      else this.crossModel.delete(name);
    }
    return due;
  }

  /**
   * Publishes the model's cross-model exchange, then rewrites its units' relation data, unless
   * the model is migrating: from the prechecks until the consumers follow it to its new
   * controller its relation data stays as it was (Juju quiesces a migrating model's agents),
   * because halfway through, one side would see the other gone.
   */
  private writeModel(stale: ModelRow): { changed?: ChangedUnits; linked: string[] } {
    const ctx = this.ctx();
    const model = ctx.store.get<ModelRow>('SELECT * FROM models WHERE id = ?', stale.id);
    if (!model) return { linked: [] };
    if (publishExchange(ctx, this.paths, model)) this.crossModel.add(model.name);
    else this.crossModel.delete(model.name);
    if (model.importing || model.migration) return { linked: [] };
    const { changed, linked } = writeRelationFiles(ctx, model, this.paths);
    return { changed: { model, changed }, linked };
  }
}
