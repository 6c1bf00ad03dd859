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
  | {
      kind: 'juju';
      /** Name of the controller in the operator's `juju controllers`. */
      name: string;
      /** The Juju client's data folder (JUJU_DATA); default the client's own. */
      jujuData?: string;
      /** The juju executable; default `juju` on PATH. */
      command?: string;
      /** The repository's models on this controller: their Juju names and unit strategies. */
      models?: Record<string, JujuModelBinding>;
      /** The repository whose remote holds this controller's leases and journals. */
      repoRoot?: string;
    }
) & { /** The Juju version whose bundle rules apply; default 3.6. */ version?: JujuDialect };

export interface JujuModelBinding {
  /** The model's name on the Juju controller. */
  model: string;
  /** The model's rollout policy's unit strategy, for applications without their own. */
  unitStrategy?: UnitStrategySpec;
  /** Per application: how a change reaches one unit at a time. */
  applications: Record<string, UnitStrategySpec>;
}

/**
 * How a change reaches one unit on Juju, which has no per-unit config: `none` (every unit at
 * once), a preset for a known charm family, or charm actions run on each unit in order.
 */
export type UnitStrategySpec = 'none' | 'openstack-upgrade' | 'data-platform-refresh' | { actions: Array<string | UnitActionSpec> };

export interface UnitActionSpec {
  name: string;
  params?: Record<string, string | number | boolean>;
  /** Run on the next unit in order instead of this one (data-platform `resume-refresh`). */
  onNextUnit?: boolean;
}

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
  /** On a Juju controller, the model's name there (default: its name here). */
  jujuModel?: string;
  /** The bundle rules of the model's controller (its `version`); default 3.6. */
  dialect?: JujuDialect;
  /** Per-application overrides of the model's rollout policy. */
  applications: Record<string, Partial<RolloutPolicy>>;
}

/**
 * Where an exec check or a hook runs: on the unit (default; in its folder with its environment
 * on the embedded controller, `juju exec` on Juju), or on the machine running juju-gitops.
 */
export type CommandPlace = 'unit' | 'reconciler';

export type HealthCheck =
  | { type: 'status' }
  /** `url` may use {unit} {application} {address} {port} {model}. */
  | { type: 'http'; url: string }
  /** Run with UNIT, ADDRESS, PORT, MODEL, APPLICATION in the environment; on the unit unless `runOn` says otherwise. */
  | { type: 'exec'; command: string; runOn?: CommandPlace };

/** A drain or undrain hook: a shell command with the unit in its environment. */
export interface HookCommand {
  command: string;
  runOn: CommandPlace;
}

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
  drain?: HookCommand;
  undrain?: HookCommand;
  /** On a Juju controller: how a change reaches one unit at a time (default none). */
  unitStrategy?: UnitStrategySpec;
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
