import type { ApplicationSpec, ExposedEndpointSpec, MachineSpec, OfferAccess } from './bundle.js';
import type { UnitStaging } from './capabilities.js';

/**
 * One step of a plan. `in-place`: applied to the application at once; `restart`: rolled out
 * unit by unit by the executor behind health gates; `all-at-once`: restarts what units run, but
 * the backend cannot move one unit alone, so it reaches every unit of the application at once
 * (the health gate then waits for all of them); `destructive`: removes or replaces something.
 */
export type Classification = 'in-place' | 'restart' | 'all-at-once' | 'destructive';

interface ChangeBase {
  /** Stable within a plan, e.g. `config-appserver`; `requires` names other ids. */
  id: string;
  classification: Classification;
  /** One line, in the words `juju deploy --dry-run` uses: `set options of appserver`. */
  description: string;
  requires: string[];
  /**
   * How a config or charm change reaches each unit on this backend, when the controller does not
   * move units itself: `action` (which charm actions move a unit) or `none` (`all-at-once`).
   */
  staging?: Exclude<UnitStaging, { kind: 'native' }>;
}

/** Fields of an application that are changed in place without their own change kind. */
export type ApplicationField =
  | 'constraints'
  | 'annotations'
  | 'bindings'
  | 'storage'
  | 'devices'
  | 'trust'
  | 'base';

/** What a unit runs, or should run, in the fields where the two differ; an option at null is unset (the charm's default). */
export interface UnitBuild {
  options?: Record<string, unknown>;
  charm?: string;
  channel?: string;
  revision?: number;
}

/** One unit that does not run what its application says it should, or whose workload is in error. */
export interface UnitDrift {
  unit: string;
  /** What the unit runs, in the fields that differ from `to`. */
  from: UnitBuild;
  /** What it should run: its application's state once the plan is applied, with the open generation's staged changes when it tracks it. */
  to: UnitBuild;
  /** The workload's status message when it is in error (the cause quoted from its log): healing restarts it. */
  error?: string;
  /** The journal says a stopped or canary rollout left the unit without its charm actions (see LiveUnit.offBuild). */
  offBuild?: 'stopped' | 'canary';
}

export type Change = ChangeBase &
  (
    | { kind: 'add-machine'; machine: string; spec: MachineSpec }
    | { kind: 'deploy'; application: string; spec: ApplicationSpec }
    | {
        kind: 'refresh';
        application: string;
        to: { charm?: string; channel?: string; revision?: number; resources?: Record<string, number | string> };
        from: { charm: string; channel?: string; revision?: number; resources?: Record<string, number | string> };
      }
    | {
        kind: 'config';
        application: string;
        /** Options set by the user after the change; keys absent here and in `unset` are untouched. */
        set: Record<string, unknown>;
        unset: string[];
        /** The previous user value of every touched key (undefined: was at its default). */
        from: Record<string, unknown>;
      }
    | { kind: 'scale'; application: string; units: number; from: number; to?: string[] }
    | {
        kind: 'heal-units';
        application: string;
        /** Only these units move (back to what their application says), through the same health-gated rollout. */
        units: UnitDrift[];
      }
    | {
        kind: 'expose';
        application: string;
        expose: boolean;
        exposedEndpoints?: Record<string, ExposedEndpointSpec>;
      }
    | { kind: 'update-application'; application: string; field: ApplicationField; value: unknown; from: unknown }
    | { kind: 'relate'; endpoints: [string, string] }
    | { kind: 'unrelate'; endpoints: [string, string] }
    | { kind: 'offer'; application: string; offer: string; endpoints: string[] }
    | {
        kind: 'remove-offer';
        offer: string;
        /** Consumers connected when the plan was made (`model:application`); their relations break. */
        consumers?: string[];
        /** Also removes the consumers' relations, as `juju remove-offer --force`; applying it needs --force. */
        force?: boolean;
      }
    | { kind: 'grant'; offer: string; user: string; access: OfferAccess }
    | { kind: 'revoke'; offer: string; user: string; access: OfferAccess }
    | { kind: 'consume'; saas: string; url: string }
    | { kind: 'remove-saas'; saas: string }
    | { kind: 'remove-application'; application: string }
    | { kind: 'remove-machine'; machine: string }
  );

export type ChangeKind = Change['kind'];

export interface PlanSummary {
  inPlace: number;
  restart: number;
  /** Restart changes that reach every unit at once; present only when there are some. */
  allAtOnce?: number;
  destructive: number;
  removals: number;
}

/** The contract between review and apply: a pure, serialisable value. */
export interface Plan {
  formatVersion: 1;
  model: string;
  controller: string;
  /** Commit of the repository the desired state came from, when known. */
  sourceCommit?: string;
  /** The working tree had changes to tracked files: the desired state is not exactly `sourceCommit`'s. */
  sourceDirty?: boolean;
  /** Digest of the desired state read (secret values only by their own digests), so two runs "at one commit" can be told apart. */
  desiredDigest?: string;
  /** Fingerprint of the live state the plan was computed against (see `fingerprintLiveModel`). */
  liveFingerprint: string;
  createdAt: string;
  changes: Change[];
  /** Removals, only present when prune is enabled; applied after `changes`. */
  removals: Change[];
  summary: PlanSummary;
  /** What the plan cannot do as the repository asks (a rollout policy the controller cannot honour). */
  notes?: string[];
  /**
   * Everything that differs between bundle and model, in the shape `juju diff-bundle` prints
   * (`ModelDiff` in src/plan), including differences no change acts on (model additions when
   * prune is off). Kept so a saved plan renders exactly as it was reviewed.
   */
  diff?: Record<string, unknown>;
}
