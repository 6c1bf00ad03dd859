import type { CharmInfo } from '../../model/live.js';

/**
 * How each unit of a charm runs, from the charm's optional `workload.yaml`:
 *
 * ```yaml
 * command: node                        # `node` is the controller's own Node.js; a relative path is the charm folder's
 * args: ["{charm_dir}/server.mjs"]
 * environment:                         # values are templates
 *   BUILD_LABEL: "{config.build_label}"
 *   LISTEN_PORT: "{port}"
 * port-option: port                    # option naming the unit's port; 0 or absent: a free port on 127.0.0.1
 * health:
 *   http: /health                      # or `command: [cmd, args…]`, run with the unit's environment
 *   interval-ms: 250
 *   startup-timeout-ms: 15000
 * stop-grace-ms: 5000                  # SIGTERM, then SIGKILL after this long
 * notify-relations: SIGHUP             # sent after relations.json is rewritten
 * publish:                             # settings this unit publishes to related units
 *   build_label: "{config.build_label}"
 * restart-delay-ms: 200                # without a command: units take this long to settle after a change
 * restart:                             # a workload that dies after it was healthy is started again
 *   attempts: 5                        # restarts in a row before the unit is left in error
 *   backoff-ms: 1000                   # wait before the first; each next one waits twice as long…
 *   max-backoff-ms: 30000              # …up to this
 *   reset-after-ms: 60000              # healthy this long after a restart: the count starts again
 * ```
 * Templates: {config.NAME} {port} {address} {unit} {application} {model} {charm_dir} {state_dir}.
 */
export interface WorkloadSpec {
  command?: string;
  args: string[];
  environment: Record<string, string>;
  portOption?: string;
  health?: HealthSpec;
  stopGraceMs: number;
  notifyRelations?: NodeJS.Signals;
  publish: Record<string, string>;
  restartDelayMs: number;
  restart: RestartPolicy;
}

/** How the supervisor restarts a workload that died: bounded attempts, exponential backoff. */
export interface RestartPolicy {
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  resetAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { attempts: 5, backoffMs: 1_000, maxBackoffMs: 30_000, resetAfterMs: 60_000 };

export interface HealthSpec {
  http?: string;
  command?: string[];
  intervalMs: number;
  startupTimeoutMs: number;
  timeoutMs: number;
}

/** A charm folder the controller has read. */
export interface LocalCharm {
  dir: string;
  info: CharmInfo;
  revision?: number;
  workload?: WorkloadSpec;
}

/** True when units of the charm do not settle at once after a change. */
export function hasManagedUnits(charm: LocalCharm | undefined): boolean {
  return Boolean(charm?.workload && (charm.workload.command || charm.workload.restartDelayMs > 0));
}
