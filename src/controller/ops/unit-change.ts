import type { UnitTarget } from '../../model/backend-data.js';
import { GitopsError } from '../../model/errors.js';
import { checkOptions } from '../../bundle/charm-options.js';
import { parseUnitName, type ModelRow, type StoredApplied, type UnitRow } from '../store/rows.js';
import { charmOf, requireApplication } from './applications.js';
import { canonicalJson, recordEvent, type OpsContext } from './context.js';
import { openGeneration, writeApplied } from './settle.js';

/**
 * Moves one unit: what it runs becomes the target (absent fields unchanged). Costs one UPDATE
 * and one event row. A unit in error is always marked for restart, so re-applying the same
 * target resolves a crashed workload.
 */
export function moveUnit(ctx: OpsContext, model: ModelRow, unit: string, target: UnitTarget): void {
  const parsed = parseUnitName(unit);
  const row = parsed
    ? ctx.store.get<Pick<UnitRow, 'applied' | 'generation' | 'workload'>>(
        'SELECT applied, generation, workload FROM units WHERE model_id = ? AND application = ? AND number = ?',
        model.id,
        parsed.application,
        parsed.number,
      )
    : undefined;
  if (!parsed || !row) throw new GitopsError('unit-not-found', `unit ${JSON.stringify(unit)} not found in model ${model.name}`);
  const app = requireApplication(ctx, model, parsed.application);
  const charm = charmOf(ctx, app);
  if (target.generation) {
    const open = openGeneration(ctx, model);
    if (open?.name !== target.generation) {
      throw new GitopsError('generation-not-found', `model ${model.name} has no open generation ${target.generation}`);
    }
  }
  const current = JSON.parse(row.applied) as StoredApplied;
  const next: StoredApplied = { ...current };
  if (target.options !== undefined) next.options = checkOptions(parsed.application, target.options, charm?.info.config);
  // The application's own charm is taken as it is stored: a charm read from the repository's
  // folder (`local:NAME` with its folder on the application) is not in the catalogue by name.
  if (target.charm !== undefined && target.charm === app.charm) next.charm = app.charm;
  else if (target.charm !== undefined) {
    const ref = ctx.catalogue.resolve(target.charm);
    next.charm = ref.kind === 'local' ? `local:${ref.charm.info.name}` : ref.name;
  }
  if (target.channel !== undefined) next.channel = target.channel;
  if (target.revision !== undefined) next.revision = target.revision;
  if (target.resources !== undefined) next.resources = { ...current.resources, ...target.resources };
  const changed = canonicalJson(next) !== canonicalJson(current) || row.workload === 'error';
  const generationChanged = target.generation !== undefined && target.generation !== row.generation;
  if (changed) writeApplied(ctx, model, parsed.application, parsed.number, next, charm, target.generation);
  else if (generationChanged) {
    ctx.store.run(
      'UPDATE units SET generation = ? WHERE model_id = ? AND application = ? AND number = ?',
      target.generation,
      model.id,
      parsed.application,
      parsed.number,
    );
  }
  if (changed || generationChanged) recordEvent(ctx, model.name, 'move-unit', unit, target);
}
