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
  | ActionStaging
  | { kind: 'none' };

export interface ActionStaging {
  kind: 'action';
  actions: StagingAction[];
  preset?: string;
  /**
   * What the actions move, when they move only part of a change: OpenStack's `openstack-upgrade`
   * moves `openstack-origin` (other options reach every unit at config-changed); the
   * data-platform `resume-refresh` moves a charm refresh (config reaches every unit at once).
   * Absent: every config and charm change.
   */
  moves?: { kinds: Array<'config' | 'refresh'>; options?: string[] };
  /** The charm moves units in its own order: the data-platform charms refresh the highest unit number first. */
  unitOrder?: 'highest-first';
  /** The charm moves the first unit by itself on the application-level change; the actions move the others. */
  firstUnitByCharm?: boolean;
  /** An action run once on the leader before the application-level change (data-platform `pre-refresh-check`). */
  beforeChange?: string;
}

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

/** Whether `staging`'s actions move a change of these kinds and options, or it reaches every unit at once. */
export function stagingMoves(staging: ActionStaging, kind: 'config' | 'refresh' | 'heal-units', options: readonly string[] = []): boolean {
  if (!staging.moves || kind === 'heal-units') return true;
  if (!staging.moves.kinds.includes(kind)) return false;
  return kind !== 'config' || !staging.moves.options || options.some((o) => staging.moves!.options!.includes(o));
}

/** `pause → openstack-upgrade → resume`, with `(next unit)` on actions run on the next unit. */
export function describeStagingActions(actions: readonly StagingAction[]): string {
  return actions.map((a) => (a.onNextUnit ? `${a.name} (on the next unit)` : a.name)).join(' → ');
}
