/**
 * The embedded controller: the live model on a machine without Juju. A SQLite store
 * (store/) holds models, applications, units, machines, relations, offers, saas, generations,
 * journal, leases and an append-only event log; model operations (ops/) turn plan changes into
 * single transactions over it; a charm catalogue (charms/) reads local charm folders so options
 * are typed and defaulted; the unit agent (agent/) runs each unit of a workload charm as a real
 * process on 127.0.0.1 and keeps it in line with the store. The controller knows nothing of
 * backends: the local backend (src/backends/local) wraps it, serves it over HTTP and runs it as
 * a daemon.
 */
export { controllerPaths, resolveControllerDir, unitStateDir, type ControllerPaths } from './controller-dir.js';
