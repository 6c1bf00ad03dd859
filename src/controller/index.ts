/**
 * The embedded controller: the live model on a machine without Juju. A SQLite store
 * (store/) holds models, applications, units, machines, relations, offers, saas, generations,
 * journal, leases and an append-only event log; model operations (ops/) turn plan changes into
 * single transactions over it; a charm catalogue (charms/) reads local charm folders so options
 * are typed and defaulted; the unit agent (agent/) runs each unit of a workload charm as a real
 * process on 127.0.0.1 and keeps it in line with the store; the API (api/) serves it all over
 * HTTP on loopback behind a bearer token. `startController` puts these together; the daemon
 * (`juju-gitops controller start`) and the in-process test controller both run it.
 */
export { startController, type ApiInfo, type RunningController, type StartControllerOptions } from './controller.js';
export { findController, launchDaemon, type ControllerConnection } from './daemon.js';
export { controllerPaths, resolveControllerDir, unitStateDir, type ControllerPaths } from './controller-dir.js';
export type { ControllerStatus } from './api/server.js';
