import type { BackendCapabilities } from '../../model/capabilities.js';

/**
 * The embedded controller, in-process or over HTTP: it keeps per-unit config and moves each
 * unit to its own target, runs commands in a unit's folder with its environment, offers and
 * consumes, and hands models to another controller.
 */
export const embeddedControllerCapabilities: BackendCapabilities = {
  unitStaging: { default: { kind: 'native' }, models: {} },
  exec: true,
  offers: true,
  migration: true,
  perUnitGenerations: true,
};
