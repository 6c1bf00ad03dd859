import type { GenerationChanges } from '../../model/live.js';
import type { LocalCharm } from '../charms/types.js';
import type { ApplicationRow, GenerationRow, ModelRow, StoredApplied, UnitRow } from '../store/rows.js';
import { appliedFor, pendingStatus } from './applications.js';
import { canonicalJson, type OpsContext } from './context.js';

export function openGeneration(ctx: OpsContext, model: ModelRow): GenerationRow | undefined {
  return ctx.store.get<GenerationRow>('SELECT * FROM generations WHERE model_id = ? AND closed_at IS NULL', model.id);
}

/**
 * Brings every unit of an application to what it should run after an application-level change:
 * the application's state, plus the open generation's changes for units tracking it. Units that
 * already run that (moved one by one beforehand) are not touched, so they do not restart again.
 */
export function settleUnits(ctx: OpsContext, model: ModelRow, app: ApplicationRow, charm: LocalCharm | undefined): void {
  const generation = openGeneration(ctx, model);
  const staged = generation ? (JSON.parse(generation.applications) as Record<string, GenerationChanges>)[app.name] : undefined;
  const units = ctx.store.all<Pick<UnitRow, 'number' | 'applied' | 'generation'>>(
    'SELECT number, applied, generation FROM units WHERE model_id = ? AND application = ?',
    model.id,
    app.name,
  );
  for (const unit of units) {
    const expected = appliedFor(app, generation && unit.generation === generation.name ? staged : undefined);
    if (canonicalJson(JSON.parse(unit.applied)) !== canonicalJson(expected)) {
      writeApplied(ctx, model, app.name, unit.number, expected, charm);
    }
  }
}

/**
 * Moves the named units back to what their application says they run (with the open
 * generation's changes for units tracking it), restarting those whose workload is in error.
 */
export function healUnits(ctx: OpsContext, model: ModelRow, app: ApplicationRow, charm: LocalCharm | undefined, units: string[]): void {
  const generation = openGeneration(ctx, model);
  const staged = generation ? (JSON.parse(generation.applications) as Record<string, GenerationChanges>)[app.name] : undefined;
  const rows = ctx.store.all<Pick<UnitRow, 'number' | 'applied' | 'generation' | 'workload'>>(
    'SELECT number, applied, generation, workload FROM units WHERE model_id = ? AND application = ?',
    model.id,
    app.name,
  );
  for (const unit of rows) {
    if (!units.includes(`${app.name}/${unit.number}`)) continue;
    const expected = appliedFor(app, generation && unit.generation === generation.name ? staged : undefined);
    if (unit.workload === 'error' || canonicalJson(JSON.parse(unit.applied)) !== canonicalJson(expected)) {
      writeApplied(ctx, model, app.name, unit.number, expected, charm);
    }
  }
}

/** One statement: what the unit runs and the status that says it is about to run it. */
export function writeApplied(
  ctx: OpsContext,
  model: ModelRow,
  application: string,
  number: number,
  applied: StoredApplied,
  charm: LocalCharm | undefined,
  generation?: string | null,
): void {
  const status = pendingStatus(charm, false);
  const now = ctx.now().toISOString();
  ctx.store.run(
    `UPDATE units SET applied = ?, workload = ?, workload_message = ?, workload_since = ?, agent = ?, agent_message = NULL,
       agent_since = ?, generation = CASE WHEN ? THEN ? ELSE generation END
     WHERE model_id = ? AND application = ? AND number = ?`,
    JSON.stringify(applied),
    status.workload,
    status.message,
    now,
    status.agent,
    now,
    generation === undefined ? 0 : 1,
    generation ?? null,
    model.id,
    application,
    number,
  );
}
