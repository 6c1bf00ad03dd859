import fs from 'node:fs';
import path from 'node:path';
import { GitopsError } from '../../model/errors.js';
import { unitHome, type ControllerPaths } from '../controller-dir.js';
import { requireModel, type OpsContext } from '../ops/context.js';
import type { StoredApplied, UnitRow } from '../store/rows.js';
import { unitEnvironment, type UnitIdentity } from './run-spec.js';

/** Where a command run on a unit runs, and with what environment. */
export interface UnitCommandPlace {
  cwd: string;
  env: Record<string, string>;
}

/**
 * A command on a unit runs where its workload runs: in the unit's folder (made if the unit has
 * no process yet), with the environment its workload gets — the same templates, rendered with
 * the options the unit runs now. Throws `unit-not-found` for a unit the model does not have.
 */
export function unitCommandPlace(ctx: OpsContext, paths: ControllerPaths, modelName: string, unit: string): UnitCommandPlace {
  const model = requireModel(ctx, modelName);
  const [application, number] = unit.split('/');
  const row = ctx.store.get<UnitRow & { charm_dir: string | null }>(
    `SELECT u.*, a.charm_dir FROM units u JOIN applications a ON a.model_id = u.model_id AND a.name = u.application
     WHERE u.model_id = ? AND u.application = ? AND u.number = ?`,
    model.id,
    application,
    Number(number),
  );
  if (!row || !/^\d+$/.test(number ?? '')) throw new GitopsError('unit-not-found', `unit ${JSON.stringify(unit)} not found in model ${modelName}`);
  const stateDir = unitHome(paths, modelName, unit, row);
  const who: UnitIdentity = { model: modelName, unit, application, stateDir, relationsFile: path.join(stateDir, 'relations.json') };
  const charm = row.charm_dir ? ctx.catalogue.cached(row.charm_dir) : undefined;
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  return { cwd: stateDir, env: unitEnvironment(charm, JSON.parse(row.applied) as StoredApplied, who, row.port ?? undefined) };
}
