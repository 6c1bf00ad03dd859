import type { MachineSpec } from '../../model/bundle.js';
import type { AppliedState, GenerationChanges, LiveApplication } from '../../model/live.js';

/** Rows as SQLite returns them; JSON columns are strings until parsed. */
export interface ModelRow {
  id: number;
  name: string;
  uuid: string;
  type: 'iaas' | 'caas';
  created_at: string;
  next_machine: number;
  next_relation: number;
  /** 1 while the model is being imported from another controller: its agent leaves it alone. */
  importing: number;
  /** JSON of the migration in progress (phase, message, target), or null. */
  migration: string | null;
  /** JSON of the ModelOwner that manages the model, or null. */
  owner: string | null;
}

export interface ApplicationRow {
  model_id: number;
  name: string;
  charm: string;
  charm_dir: string | null;
  channel: string | null;
  revision: number | null;
  subordinate: number;
  scale: number;
  next_unit: number;
  options: string;
  fields: string;
}

/** Application settings that are stored together because they change rarely. */
export type ApplicationFields = Pick<
  LiveApplication,
  'base' | 'expose' | 'exposedEndpoints' | 'constraints' | 'annotations' | 'storage' | 'devices' | 'bindings' | 'resources' | 'trust'
>;

export interface UnitRow {
  model_id: number;
  application: string;
  number: number;
  machine: string | null;
  address: string;
  port: number | null;
  workload: string;
  workload_message: string | null;
  workload_since: string;
  agent: string;
  agent_message: string | null;
  agent_since: string;
  leader: number;
  applied: string;
  generation: string | null;
  pid: number | null;
  pid_start: string | null;
  run_hash: string | null;
  /** The unit's state folder when it is not this controller's own (adopted from another controller). */
  home: string | null;
}

export interface MachineRow {
  model_id: number;
  id: string;
  spec: string;
  status: string;
  since: string;
}

export interface RelationRow {
  model_id: number;
  id: number;
  endpoints: string;
  interface: string | null;
  scope: string | null;
}

export interface GenerationRow {
  id: number;
  model_id: number;
  name: string;
  created_at: string;
  applications: string;
  closed_at: string | null;
}

export type StoredMachineSpec = MachineSpec;
export type StoredApplied = AppliedState & { resources?: Record<string, number | string> };
export type StoredGenerationApps = Record<string, GenerationChanges>;

export function unitName(row: Pick<UnitRow, 'application' | 'number'>): string {
  return `${row.application}/${row.number}`;
}

/** Splits `app/3` into its application and number; undefined when it is not a unit name. */
export function parseUnitName(name: string): { application: string; number: number } | undefined {
  const match = /^([a-z][a-z0-9-]*)\/(\d+)$/.exec(name);
  return match ? { application: match[1], number: Number(match[2]) } : undefined;
}
