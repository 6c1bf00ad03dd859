import type { OfferAccess } from '../model/bundle.js';
import type { CanonicalExposure } from './expose.js';

/**
 * The differences between a bundle and a model, in the shape `juju diff-bundle` prints: each
 * differing value as a `{bundle, model}` pair (null where one side has nothing), whole entities
 * as `missing: bundle|model`, relations as `bundle-additions`/`model-additions`. Fields Juju does
 * not compare (storage, devices, resources, bindings, trust, offers, saas) follow the same shape.
 * An empty object means no differences, as Juju prints `{}`.
 */
export interface ValueDiff<T = unknown> {
  bundle: T | null;
  model: T | null;
}

export type MapDiff<T = unknown> = Record<string, ValueDiff<T>>;

export type Missing = 'bundle' | 'model';

export interface ApplicationDiff {
  missing?: Missing;
  charm?: ValueDiff<string>;
  base?: ValueDiff<string>;
  channel?: ValueDiff<string>;
  revision?: ValueDiff<number>;
  /** Machines: the directives of existing units; Kubernetes: the node selector. */
  placement?: ValueDiff<string[] | string>;
  num_units?: ValueDiff<number>;
  scale?: ValueDiff<number>;
  expose?: ValueDiff<boolean>;
  exposed_endpoints?: MapDiff<CanonicalExposure>;
  options?: MapDiff;
  annotations?: MapDiff<string>;
  constraints?: ValueDiff<string>;
  storage?: MapDiff<string>;
  devices?: MapDiff<string>;
  resources?: MapDiff<number | string>;
  bindings?: MapDiff<string>;
  trust?: ValueDiff<boolean>;
}

export type ApplicationDiffField = Exclude<keyof ApplicationDiff, 'missing'>;

/** Key order inside an application, as Juju's struct orders them, then the extensions. */
export const applicationFieldOrder: ApplicationDiffField[] = [
  'charm', 'base', 'channel', 'revision', 'placement', 'num_units', 'scale', 'expose', 'exposed_endpoints',
  'options', 'annotations', 'constraints', 'storage', 'devices', 'resources', 'bindings', 'trust',
];

export const mapFields = new Set<ApplicationDiffField>([
  'exposed_endpoints', 'options', 'annotations', 'storage', 'devices', 'resources', 'bindings',
]);

export interface MachineDiff {
  missing?: Missing;
  base?: ValueDiff<string>;
  constraints?: ValueDiff<string>;
  annotations?: MapDiff<string>;
}

export interface OfferDiff {
  missing?: Missing;
  application?: ValueDiff<string>;
  endpoints?: ValueDiff<string[]>;
  acl?: MapDiff<OfferAccess>;
}

export interface SaasDiff {
  missing?: Missing;
  url?: ValueDiff<string>;
}

export interface RelationsDiff {
  'bundle-additions'?: [string, string][];
  'model-additions'?: [string, string][];
}

export interface ModelDiff {
  applications?: Record<string, ApplicationDiff>;
  machines?: Record<string, MachineDiff>;
  relations?: RelationsDiff;
  offers?: Record<string, OfferDiff>;
  saas?: Record<string, SaasDiff>;
}

export function isEmptyDiff(diff: ModelDiff): boolean {
  return Object.keys(diff).length === 0;
}
