import type { BackendCapabilities } from '../../model/capabilities.js';

/**
 * The embedded controller, in-process or over HTTP: it keeps per-unit config and moves each
 * unit to its own target, offers and consumes, and hands models to another controller.
 * Commands on a unit are not run by it (health checks of type exec run on this machine).
 */
export const embeddedControllerCapabilities: BackendCapabilities = {
  unitStaging: { default: { kind: 'native' }, models: {} },
  exec: false,
  offers: true,
  migration: true,
  perUnitGenerations: true,
};
