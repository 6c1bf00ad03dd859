/**
 * The embedded controller as a ModelBackend, two ways: `LocalBackend` runs the model
 * operations in-process over the controller's store and agent (the daemon and the test
 * controller use it), and `HttpBackend` sends the same calls to a running controller's API
 * (what the CLI uses). Both pass the same conformance suite. `startController` puts store,
 * agent, LocalBackend and the HTTP API (api/: loopback only, bearer token) together; the
 * daemon (`juju-gitops controller start`, `launchDaemon`) and the in-process test controller
 * both run it.
 */
export { LocalBackend, type LocalBackendOptions } from './local-backend.js';
export { HttpBackend } from './http-backend.js';
export { apiRequest, type ApiTarget } from './api-client.js';
export { startController, type ApiInfo, type RunningController, type StartControllerOptions } from './start-controller.js';
export { findController, launchDaemon, type ControllerConnection } from './daemon.js';
export type { ControllerStatus } from './api/server.js';
