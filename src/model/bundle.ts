/**
 * A Juju bundle after parsing and overlay merging, keyed exactly as Juju's YAML is
 * (charm v12 `BundleData`). `scale` is normalised into `num_units` and `placement` into `to[0]`.
 */
export interface Bundle {
  bundle?: '' | 'kubernetes';
  description?: string;
  series?: string;
  'default-base'?: string;
  tags?: string[];
  applications: Record<string, ApplicationSpec>;
  machines?: Record<string, MachineSpec>;
  saas?: Record<string, SaasSpec>;
  /** Each relation is a pair of `app[:endpoint]` strings. */
  relations?: [string, string][];
}

export interface ApplicationSpec {
  charm: string;
  channel?: string;
  revision?: number;
  series?: string;
  base?: string;
  num_units?: number;
  to?: string[];
  expose?: boolean;
  'exposed-endpoints'?: Record<string, ExposedEndpointSpec>;
  options?: Record<string, unknown>;
  annotations?: Record<string, string>;
  constraints?: string;
  storage?: Record<string, string>;
  devices?: Record<string, string>;
  bindings?: Record<string, string>;
  resources?: Record<string, number | string>;
  offers?: Record<string, OfferSpec>;
  trust?: boolean;
  plan?: string;
}

export interface ExposedEndpointSpec {
  'expose-to-spaces'?: string[];
  'expose-to-cidrs'?: string[];
}

export type OfferAccess = 'read' | 'consume' | 'admin';

export interface OfferSpec {
  endpoints: string[];
  acl?: Record<string, OfferAccess>;
}

export interface MachineSpec {
  constraints?: string;
  annotations?: Record<string, string>;
  series?: string;
  base?: string;
}

export interface SaasSpec {
  url: string;
}

/**
 * The Juju version whose bundle rules apply: a controller in juju-gitops.yaml may state it.
 * 4.0 reads bases only (no `series`), cannot update an offer in place, and lets a model
 * consume an offer once.
 */
export type JujuDialect = '3.6' | '4.0';
