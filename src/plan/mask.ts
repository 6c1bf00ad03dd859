import { isSecretOption, maskedInPlan } from '../model/secrets.js';
import type { Change, Plan, UnitBuild } from '../model/change.js';
import type { LiveModel } from '../model/live.js';
import type { ModelDiff, ValueDiff } from './diff-types.js';

/** Options the live charms declare with type `secret`, to mask alongside the configured names. */
export function secretOptionNames(live: LiveModel): string[] {
  const names = new Set<string>();
  for (const app of Object.values(live.applications)) {
    for (const [name, option] of Object.entries(app.charmInfo?.config ?? {})) if (option.type === 'secret') names.add(name);
  }
  return [...names].sort();
}

/** How a secret value stands in a saved plan: a keyed digest to check it against, never the value. */
export interface SealedSecret {
  $secret: string;
}

export function isSealed(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && typeof (value as SealedSecret).$secret === 'string';
}

/**
 * A copy of a change with `map` applied to each secret option value it carries (set, from, deploy
 * options). A value still sealed (the `from` of a saved plan) is a secret whatever its name.
 */
export function mapSecretOptions(
  change: Change,
  map: (application: string, key: string, value: unknown) => unknown,
  secrets: readonly string[],
): Change {
  const each = (app: string, values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v != null && (isSecretOption(k, secrets) || isSealed(v)) ? map(app, k, v) : v]));
  if (change.kind === 'config') return { ...change, set: each(change.application, change.set), from: each(change.application, change.from) };
  if (change.kind === 'deploy' && change.spec.options) {
    return { ...change, spec: { ...change.spec, options: each(change.application, change.spec.options) } };
  }
  if (change.kind === 'heal-units') {
    const build = (b: UnitBuild): UnitBuild => (b.options ? { ...b, options: each(change.application, b.options) } : b);
    return { ...change, units: change.units.map((u) => ({ ...u, from: build(u.from), to: build(u.to) })) };
  }
  return change;
}

const maskChange = (change: Change, secrets: readonly string[]) => mapSecretOptions(change, () => maskedInPlan, secrets);

export function maskDiff(diff: ModelDiff, secrets: readonly string[]): ModelDiff {
  if (!diff.applications) return diff;
  const applications = Object.fromEntries(Object.entries(diff.applications).map(([name, app]) => {
    if (!app.options) return [name, app];
    const options = Object.fromEntries(Object.entries(app.options).map(([key, pair]): [string, ValueDiff] => [
      key,
      isSecretOption(key, secrets)
        ? { bundle: pair.bundle == null ? null : maskedInPlan, model: pair.model == null ? null : maskedInPlan }
        : pair,
    ]));
    return [name, { ...app, options }];
  }));
  return { ...diff, applications };
}

/**
 * A copy of the plan that is safe to print or post in a review: secret values are replaced with
 * a fixed mark while the entry itself stays, so a reader still sees that the secret changed.
 */
export function maskPlan(plan: Plan, secrets: readonly string[]): Plan {
  return {
    ...plan,
    changes: plan.changes.map((c) => maskChange(c, secrets)),
    removals: plan.removals.map((c) => maskChange(c, secrets)),
    ...(plan.diff ? { diff: maskDiff(plan.diff as ModelDiff, secrets) as Record<string, unknown> } : {}),
  };
}

/** Changes with their secret option values masked, for views that show changes without a whole plan. */
export function maskChanges(changes: readonly Change[], secrets: readonly string[]): Change[] {
  return changes.map((c) => maskChange(c, secrets));
}
