import fs from 'node:fs';
import path from 'node:path';
import type { LiveRelationEndpoint } from '../../model/live.js';
import { unitStateDir, type ControllerPaths } from '../controller-dir.js';
import { charmOf } from '../ops/applications.js';
import type { OpsContext } from '../ops/context.js';
import type { ApplicationRow, ModelRow, StoredApplied, UnitRow } from '../store/rows.js';
import { writeFileAtomically } from './processes.js';
import { buildRelationData, type UnitFacts } from './relation-data.js';
import { publishedSettings } from './run-spec.js';

/**
 * Rewrites `relations.json` in the state folder of every workload unit of the model whose
 * relation data changed, and returns those units with the signal their charm wants to be told
 * with (`notify-relations`). Unchanged files are left alone so nothing reloads for nothing.
 */
export function writeRelationFiles(ctx: OpsContext, model: ModelRow, paths: ControllerPaths): { unit: string; signal?: NodeJS.Signals }[] {
  const apps = ctx.store.all<ApplicationRow>('SELECT * FROM applications WHERE model_id = ?', model.id);
  const charms = new Map(apps.map((a) => [a.name, charmOf(ctx, a)]));
  const workloadApps = new Set(apps.filter((a) => charms.get(a.name)?.workload?.command).map((a) => a.name));
  if (!workloadApps.size) return [];
  const units = ctx.store.all<Pick<UnitRow, 'application' | 'number' | 'address' | 'port' | 'applied'>>(
    'SELECT application, number, address, port, applied FROM units WHERE model_id = ? ORDER BY application, number',
    model.id,
  );
  const facts: UnitFacts[] = units.map((u) => {
    const unit = `${u.application}/${u.number}`;
    const stateDir = unitStateDir(paths, model.name, unit);
    const who = { model: model.name, unit, application: u.application, stateDir, relationsFile: '', controllerDir: paths.dir };
    return {
      unit,
      application: u.application,
      address: u.address,
      ...(u.port ? { port: u.port } : {}),
      settings: publishedSettings(charms.get(u.application), JSON.parse(u.applied) as StoredApplied, who, u.port ?? undefined),
    };
  });
  const relations = ctx.store
    .all<{ id: number; endpoints: string; interface: string | null }>('SELECT id, endpoints, interface FROM relations WHERE model_id = ? ORDER BY id', model.id)
    .map((r) => ({ id: r.id, endpoints: JSON.parse(r.endpoints) as LiveRelationEndpoint[], ...(r.interface ? { interface: r.interface } : {}) }));
  const changed: { unit: string; signal?: NodeJS.Signals }[] = [];
  for (const [unit, data] of buildRelationData(relations, facts, workloadApps)) {
    const file = path.join(unitStateDir(paths, model.name, unit), 'relations.json');
    const text = `${JSON.stringify(data, null, 2)}\n`;
    if (readText(file) === text) continue;
    writeFileAtomically(file, text);
    const signal = charms.get(data.unit.split('/')[0])?.workload?.notifyRelations;
    changed.push({ unit, ...(signal ? { signal } : {}) });
  }
  return changed;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
