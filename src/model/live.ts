import type { ExposedEndpointSpec, MachineSpec, OfferAccess } from './bundle.js';

/**
 * The live model as a backend reports it: what is deployed, what each unit actually runs,
 * and how each unit is doing. Shapes follow `juju status`/`juju config` semantics.
 */
export interface LiveModel {
  name: string;
  uuid: string;
  type: 'iaas' | 'caas';
  controller: string;
  applications: Record<string, LiveApplication>;
  machines: Record<string, LiveMachine>;
  relations: LiveRelation[];
  offers: Record<string, LiveOffer>;
  saas: Record<string, LiveSaas>;
  /** The open generation the controller knows of, if any. Units say whether they track it. */
  generation: LiveGeneration | null;
  /** Set while the model is migrating to another controller: the phase it is in. */
  migration?: MigrationStatus;
}

export interface MigrationStatus {
  /** One of Juju's migration phases: PRECHECK, QUIESCE, EXPORT, IMPORT, VALIDATION, SUCCESS, REAP… */
  phase: string;
  message: string;
  target: string;
}

export interface StatusValue {
  current: string;
  message?: string;
  /** ISO-8601 time of the last change. */
  since?: string;
}

export type OptionSource = 'user' | 'default';

export interface LiveOption {
  value: unknown;
  source: OptionSource;
}

export type CharmOptionType = 'string' | 'int' | 'float' | 'boolean' | 'secret';

export interface CharmOption {
  type: CharmOptionType;
  default?: unknown;
  description?: string;
}

export interface CharmEndpoint {
  interface: string;
  role: 'provider' | 'requirer' | 'peer';
  scope?: 'global' | 'container';
}

/** What the controller knows of a charm: absent for opaque charms it has no catalogue entry for. */
export interface CharmInfo {
  name: string;
  subordinate: boolean;
  endpoints: Record<string, CharmEndpoint>;
  config: Record<string, CharmOption>;
  /** True when the charm runs a real workload process per unit. */
  hasWorkload: boolean;
}

export interface LiveApplication {
  name: string;
  /** Bare Charmhub name, `local:name`, as `juju status` prints it. */
  charm: string;
  channel?: string;
  revision?: number;
  /** Kubernetes: the node selector the application was deployed with, when the backend reports it. */
  placement?: string;
  base?: string;
  subordinate: boolean;
  /** Number of units the application should have (`num_units`/`scale`). */
  scale: number;
  expose: boolean;
  exposedEndpoints?: Record<string, ExposedEndpointSpec>;
  /** Every option with a value: user-set ones and charm defaults (source tells which). */
  options: Record<string, LiveOption>;
  constraints?: string;
  annotations: Record<string, string>;
  storage: Record<string, string>;
  devices: Record<string, string>;
  bindings: Record<string, string>;
  resources: Record<string, number | string>;
  trust: boolean;
  status: StatusValue;
  /** Charm metadata and config schema, when the charm is known to the catalogue. */
  charmInfo?: CharmInfo;
  units: Record<string, LiveUnit>;
}

/** What a unit actually runs, which may lag the application during a rollout. */
export interface AppliedState {
  /** User-set options in effect on this unit (charm defaults not included). */
  options: Record<string, unknown>;
  charm: string;
  channel?: string;
  revision?: number;
}

export interface LiveUnit {
  name: string;
  application: string;
  machine?: string;
  address: string;
  /** Open ports as Juju prints them: `8080/tcp`. */
  ports: string[];
  workload: StatusValue;
  agent: StatusValue;
  leader: boolean;
  applied: AppliedState;
  /** Name of the generation this unit tracks, or null when it follows the application. */
  generation: string | null;
  /**
   * Never set by a backend read: the reconciler's note, from the journal, that the unit runs a
   * build other than its application's which the controller cannot show. On Juju the
   * application-level change is made with the first unit and the charm holds the others until
   * their actions run; a rollout that stopped (`stopped`) or waits for promotion (`canary`)
   * left these units without them.
   */
  offBuild?: 'stopped' | 'canary';
}

export interface LiveMachine extends MachineSpec {
  id: string;
  status: StatusValue;
}

export interface LiveRelationEndpoint {
  application: string;
  endpoint: string;
  role?: 'provider' | 'requirer' | 'peer';
  interface?: string;
}

export interface LiveRelation {
  id: number;
  endpoints: LiveRelationEndpoint[];
  interface?: string;
  scope?: 'global' | 'container';
}

export interface OfferConnection {
  sourceModel: string;
  /** The consuming model's application and its name for the offer (its saas entry), when known. */
  application?: string;
  saas?: string;
  relationId: number;
  endpoint: string;
  username: string;
  status: string;
}

export interface LiveOffer {
  name: string;
  application: string;
  /** `[controller:]owner/model.offer` */
  url: string;
  endpoints: string[];
  acl: Record<string, OfferAccess>;
  connections: OfferConnection[];
}

export interface LiveSaas {
  name: string;
  url: string;
  endpoints?: Record<string, CharmEndpoint>;
}

/** A staged set of changes: per application, the fields that differ from the application. */
export interface GenerationChanges {
  options?: Record<string, unknown>;
  charm?: string;
  channel?: string;
  revision?: number;
  resources?: Record<string, number | string>;
}

export interface LiveGeneration {
  name: string;
  createdAt: string;
  applications: Record<string, GenerationChanges>;
}
