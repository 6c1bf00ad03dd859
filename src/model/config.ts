import type { JujuDialect } from './bundle.js';

/** The repository config `juju-gitops.yaml`, after schema validation and defaults. */
export interface RepoConfig {
  /** Absolute path of the repository root (the folder holding juju-gitops.yaml). */
  root: string;
  controllers: Record<string, ControllerConfig>;
  models: Record<string, ModelConfig>;
}

export type ControllerConfig = (
  | { kind: 'local'; /** Folder of the embedded controller's store; default: the user's data dir. */ dir?: string }
  | { kind: 'juju'; /** Name of the controller in the operator's `juju controllers`. */ name: string }
) & { /** The Juju version whose bundle rules apply; default 3.6. */ version?: JujuDialect };

export interface ModelConfig {
  name: string;
  controller: string;
  /** Path relative to the repository root. */
  bundle: string;
  /** Paths relative to the repository root, applied in this order. */
  overlays: string[];
  prune: boolean;
  /** What a reconcile does with the model's offers record: write it, or write and commit it. */
  records?: 'write' | 'commit';
  /** Extra option names to treat as secrets in every output. */
  secrets: string[];
  rollout: RolloutPolicy;
  /** The bundle rules of the model's controller (its `version`); default 3.6. */
  dialect?: JujuDialect;
  /** Per-application overrides of the model's rollout policy. */
  applications: Record<string, Partial<RolloutPolicy>>;
}

export type HealthCheck =
  | { type: 'status' }
  /** `url` may use {unit} {application} {address} {port} {model}. */
  | { type: 'http'; url: string }
  /** Run on this machine with UNIT, ADDRESS, PORT, MODEL, APPLICATION in the environment. */
  | { type: 'exec'; command: string };

export interface RolloutPolicy {
  /** Units moved at once (also accepted as `maxUnavailable`). */
  batch: number;
  /** `leader-last` (default), `leader-first`, `ordinal`, or an explicit list of unit names. */
  order: 'leader-last' | 'leader-first' | 'ordinal' | string[];
  healthCheck: HealthCheck;
  healthTimeoutMs: number;
  pauseMs: number;
  /** Move this many units, then stop and wait for `promote`. 0: no canary. */
  canary: number;
  rollback: boolean;
  /** Shell commands run before/after a unit moves, with the unit in the environment. */
  drain?: string;
  undrain?: string;
}

export const defaultRolloutPolicy: RolloutPolicy = {
  batch: 1,
  order: 'leader-last',
  healthCheck: { type: 'status' },
  healthTimeoutMs: 120_000,
  pauseMs: 0,
  canary: 0,
  rollback: false,
};
