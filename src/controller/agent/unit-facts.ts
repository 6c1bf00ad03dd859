import fs from 'node:fs';
import path from 'node:path';
import type { LocalCharm } from '../charms/types.js';
import { unitHome, type ControllerPaths } from '../controller-dir.js';
import type { OpsContext } from '../ops/context.js';
import type { ModelUnitFacts } from '../relation-facts.js';
import type { ModelRow, StoredApplied, UnitRow } from '../store/rows.js';
import { publishedSettings } from './run-spec.js';

/** What a workload sets for each relation, keyed by the remote application it sees. */
export const relationSettingsFile = 'relation-settings.json';

/** What each unit of a model publishes, and the folder each unit's files are in. */
export function unitFacts(
  ctx: OpsContext,
  paths: ControllerPaths,
  model: ModelRow,
  charms: Map<string, LocalCharm | undefined>,
): { facts: ModelUnitFacts[]; stateDirs: Map<string, string> } {
  const units = ctx.store.all<Pick<UnitRow, 'application' | 'number' | 'address' | 'port' | 'applied' | 'home'>>(
    'SELECT application, number, address, port, applied, home FROM units WHERE model_id = ? ORDER BY application, number',
    model.id,
  );
  const stateDirs = new Map<string, string>();
  const facts = units.map((u) => {
    const unit = `${u.application}/${u.number}`;
    const stateDir = unitHome(paths, model.name, unit, u);
    stateDirs.set(unit, stateDir);
    const who = { model: model.name, unit, application: u.application, stateDir, relationsFile: '' };
    const relationSettings = readRelationSettings(path.join(stateDir, relationSettingsFile));
    return {
      model: model.name,
      unit,
      application: u.application,
      address: u.address,
      ...(u.port ? { port: u.port } : {}),
      settings: publishedSettings(charms.get(u.application), JSON.parse(u.applied) as StoredApplied, who, u.port ?? undefined),
      ...(relationSettings ? { relationSettings } : {}),
    };
  });
  return { facts, stateDirs };
}

/** A workload's relation-settings.json: string values by remote application; anything else is ignored. */
function readRelationSettings(file: string): Record<string, Record<string, string>> | undefined {
  const text = readText(file);
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as unknown;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const out: Record<string, Record<string, string>> = {};
    for (const [remote, values] of Object.entries(raw)) {
      if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
      out[remote] = Object.fromEntries(Object.entries(values).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).map(([k, v]) => [k, String(v)]));
    }
    return out;
  } catch {
    return undefined;
  }
}

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
