import type { AppliedState, LiveApplication, LiveGeneration, LiveMachine, LiveOffer, LiveRelation, LiveSaas, LiveUnit, OptionSource } from './live.js';

/**
 * The versioned export of a whole live model (`juju-gitops export`, `exports/<model>.yaml`).
 * Keys are camelCase like the rest of juju-gitops's own formats; `schemas/export.schema.json`
 * describes it. Raise `formatVersion` on any incompatible change and teach `upgradeExport`
 * the step from the previous version.
 */
export const exportFormatVersion = 1;

export interface ModelExport {
  formatVersion: typeof exportFormatVersion;
  /** ISO-8601 time the live model was read. */
  exportedAt: string;
  source: { controller: string; kind: 'local' | 'juju' };
  model: { name: string; uuid: string; type: 'iaas' | 'caas' };
  applications: Record<string, ExportedApplication>;
  machines: Record<string, ExportedMachine>;
  relations: ExportedRelation[];
  offers: Record<string, ExportedOffer>;
  saas: Record<string, ExportedSaas>;
  generation: ExportedGeneration | null;
}

export interface ExportedOption {
  /** Absent when the value is a secret that was withheld from the file. */
  value?: unknown;
  source: OptionSource;
  /** Set on secret options; `value` is then only present in a revealed export. */
  secret?: true;
}

/**
 * An application as the live model has it, with its options as `config` (secrets possibly
 * withheld) and its units keyed by name; its status and charm metadata are not model state.
 */
export type ExportedApplication = Omit<LiveApplication, 'name' | 'options' | 'status' | 'charmInfo' | 'units'> & {
  /** Every option with a value and where it comes from: set by a user, or the charm's default. */
  config: Record<string, ExportedOption>;
  units: Record<string, ExportedUnit>;
};

export type ExportedUnit = Omit<LiveUnit, 'name' | 'application' | 'applied'> & {
  /** What the unit actually runs (it may lag its application during a rollout); secrets as in `config`. */
  applied: Omit<AppliedState, 'options'> & { options: Record<string, ExportedOption> };
};

export type ExportedMachine = Omit<LiveMachine, 'id'>;
export type ExportedRelation = LiveRelation;
export type ExportedOffer = Omit<LiveOffer, 'name'>;
export type ExportedSaas = Omit<LiveSaas, 'name'>;
export type ExportedGeneration = LiveGeneration;

/** The `app.option`s whose secret value this export withholds: it cannot rebuild the model alone. */
export function withheldSecrets(doc: ModelExport): string[] {
  const found: string[] = [];
  for (const [name, app] of Object.entries(doc.applications)) {
    for (const [key, o] of Object.entries(app.config)) if (o.secret && !('value' in o)) found.push(`${name}.${key}`);
  }
  return found.sort();
}

/**
 * What the controller a model leaves hands to the one it moves to, beside the export, so the
 * running unit processes are adopted rather than restarted (embedded controllers only).
 */
export interface WorkloadHandles {
  applications: Record<string, { charmDir: string | null }>;
  units: Record<string, UnitHandle>;
}

export interface UnitHandle {
  pid: number | null;
  pidStart: string | null;
  runHash: string | null;
  port: number | null;
  /** The unit's state folder; it stays where it is, so the running process keeps its files. */
  home: string;
}

