/**
 * The embedded controller as a ModelBackend, two ways: `LocalBackend` runs the model
 * operations in-process over the controller's store and agent (the daemon and the test
 * controller use it), and `HttpBackend` sends the same calls to a running controller's API
 * (what the CLI uses). Both pass the same conformance suite.
 */
export { LocalBackend, type LocalBackendOptions } from './local-backend.js';
export { HttpBackend } from './http-backend.js';
export { apiRequest, type ApiTarget } from './api-client.js';
