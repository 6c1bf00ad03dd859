/**
 * Types only: the bundle as Juju reads it, the live model as a backend reports it, the plan
 * that connects them, diagnostics and errors. Every other folder depends on this one; it
 * depends on nothing.
 */
export * from './bundle.js';
export * from './live.js';
export * from './change.js';
export * from './diagnostic.js';
export * from './errors.js';
export * from './config.js';
export * from './backend-data.js';
export * from './capabilities.js';
export * from './rollout-policy.js';
