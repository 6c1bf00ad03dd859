/**
 * The parts of `juju status --format=json` juju-gitops reads, as Juju 3.6 and 4.x print them
 * (field names from Juju's formatter structs, as in Jubilant's statustypes). Every field is
 * optional: Juju omits empty ones, 4.0 drops some (`since` on unit agents, machine agent
 * versions are null), and any entity may be `{"status-error": "..."}` instead.
 */
export interface RawStatusInfo {
  current?: string;
  message?: string;
  since?: string;
  version?: string | null;
}

export interface RawRelationEntry {
  'related-application'?: string;
  interface?: string;
  scope?: string;
}

export interface RawUnit {
  'workload-status'?: RawStatusInfo;
  'juju-status'?: RawStatusInfo;
  leader?: boolean;
  /** The unit's charm URL, printed only where it is not its application's (a refresh not yet on this unit). */
  'upgrading-from'?: string;
  machine?: string;
  'public-address'?: string;
  address?: string;
  'open-ports'?: string[];
  subordinates?: Record<string, RawUnit>;
  'status-error'?: string;
}

export interface RawApplication {
  charm?: string;
  'charm-origin'?: string;
  'charm-name'?: string;
  'charm-rev'?: number;
  'charm-channel'?: string;
  base?: { name?: string; channel?: string };
  series?: string;
  exposed?: boolean;
  scale?: number;
  life?: string;
  'application-status'?: RawStatusInfo;
  /** 3.x/4.x: entries are objects; 2.9: bare application names. */
  relations?: Record<string, Array<RawRelationEntry | string>>;
  'subordinate-to'?: string[];
  units?: Record<string, RawUnit>;
  'endpoint-bindings'?: Record<string, string>;
  'status-error'?: string;
}

export interface RawMachine {
  'juju-status'?: RawStatusInfo;
  'machine-status'?: RawStatusInfo;
  base?: { name?: string; channel?: string };
  series?: string;
  constraints?: string;
  containers?: Record<string, RawMachine>;
  'status-error'?: string;
}

export interface RawSaas {
  url?: string;
  endpoints?: Record<string, { interface?: string; role?: string }>;
  relations?: Record<string, string[]>;
  'status-error'?: string;
}

export interface RawStatus {
  model?: { name?: string; type?: string; controller?: string; version?: string; 'status-error'?: string };
  machines?: Record<string, RawMachine>;
  applications?: Record<string, RawApplication>;
  'application-endpoints'?: Record<string, RawSaas>;
  offers?: Record<string, { application?: string; endpoints?: Record<string, { interface?: string; role?: string }>; 'total-connected-count'?: number; 'active-connected-count'?: number }>;
}
