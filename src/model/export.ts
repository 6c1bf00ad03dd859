import type { ExposedEndpointSpec, MachineSpec, OfferAccess } from './bundle.js';
import type { AppliedState, CharmEndpoint, GenerationChanges, OfferConnection, OptionSource, StatusValue } from './live.js';

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

export interface ExportedApplication {
  charm: string;
  channel?: string;
  revision?: number;
  base?: string;
  subordinate: boolean;
  scale: number;
  expose: boolean;
  exposedEndpoints?: Record<string, ExposedEndpointSpec>;
  constraints?: string;
  /** Every option with a value and where it comes from: set by a user, or the charm's default. */
  config: Record<string, ExportedOption>;
  annotations: Record<string, string>;
  storage: Record<string, string>;
  devices: Record<string, string>;
  bindings: Record<string, string>;
  resources: Record<string, number | string>;
  trust: boolean;
  units: Record<string, ExportedUnit>;
}

export interface ExportedUnit {
  machine?: string;
  address: string;
  ports: string[];
  leader: boolean;
  workload: StatusValue;
  agent: StatusValue;
  /** What the unit actually runs (it may lag its application during a rollout); secrets as in `config`. */
  applied: Omit<AppliedState, 'options'> & { options: Record<string, ExportedOption> };
  generation: string | null;
}

export interface ExportedMachine extends MachineSpec {
  status: StatusValue;
}

export interface ExportedRelation {
  id: number;
  endpoints: { application: string; endpoint: string; role?: 'provider' | 'requirer' | 'peer'; interface?: string }[];
  interface?: string;
  scope?: 'global' | 'container';
}

export interface ExportedOffer {
  application: string;
  url: string;
  endpoints: string[];
  acl: Record<string, OfferAccess>;
  connections: OfferConnection[];
}

export interface ExportedSaas {
  url: string;
  endpoints?: Record<string, CharmEndpoint>;
}

export interface ExportedGeneration {
  name: string;
  createdAt: string;
  applications: Record<string, GenerationChanges>;
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

