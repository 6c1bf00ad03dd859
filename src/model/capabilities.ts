/**
 * What a backend can do, as data, so a plan can say what will really happen and tests can be
 * gated on it. Every backend exposes one (`ModelBackend.capabilities`); `buildPlan` reads it.
 */

/** A charm action run on a unit to move it (Juju: `juju run UNIT ACTION`). */
export interface StagingAction {
  name: string;
  /** Run on the next unit in order instead of the one being moved (data-platform `resume-refresh`). */
  onNextUnit?: boolean;
}

/**
 * How a `restart` change (config or charm revision) reaches one unit at a time:
 * - `native`: the controller moves each unit to its own target (the embedded controller);
 * - `action`: the change is made once for the application and the charm defers it; these
 *   actions, run on each unit in order, move that unit (`preset` names a known charm family);
 * - `none`: the change reaches every unit of the application at once.
 */
export type UnitStaging =
  | { kind: 'native' }
  | { kind: 'action'; actions: StagingAction[]; preset?: string }
  | { kind: 'none' };

/** Unit staging of one model: per application, else the model's default. */
export interface ModelUnitStaging {
  default: UnitStaging;
  applications: Record<string, UnitStaging>;
}

export interface BackendCapabilities {
  /** Per model (as the repository names it); models not listed use `default`. */
  unitStaging: { default: UnitStaging; models: Record<string, Partial<ModelUnitStaging>> };
  /** Can run a command on a unit (`exec` health checks, drain hooks on the unit). */
  exec: boolean;
  /** Can offer applications across models and consume offers. */
  offers: boolean;
  /** Can export a model and hand it to another controller (`migrate`). */
  migration: boolean;
  /** Can keep staged config per unit (generations with options); Juju has no per-unit config. */
  perUnitGenerations: boolean;
}

/** How a restart change of `application` in `model` reaches its units on this backend. */
export function unitStagingOf(capabilities: BackendCapabilities, model: string, application: string): UnitStaging {
  const forModel = capabilities.unitStaging.models[model];
  return forModel?.applications?.[application] ?? forModel?.default ?? capabilities.unitStaging.default;
}

/** `pause → openstack-upgrade → resume`, with `(next unit)` on actions run on the next unit. */
export function describeStagingActions(actions: readonly StagingAction[]): string {
  return actions.map((a) => (a.onNextUnit ? `${a.name} (on the next unit)` : a.name)).join(' → ');
}
