import { createHash } from 'node:crypto';
import type { Bundle } from '../model/bundle.js';
import type { Change, Plan } from '../model/change.js';
import { GitopsError } from '../model/errors.js';
import { mapSecretOptions, maskDiff } from './mask.js';
import type { ModelDiff } from './diff-types.js';

/** How a secret value stands in a saved plan: a digest to check it against, never the value. */
export interface SealedSecret {
  $secret: string;
}

export function digest(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;
}

function isSealed(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && typeof (value as SealedSecret).$secret === 'string';
}

/**
 * The plan as it is saved to a file: every secret option value replaced by its digest, so a
 * plan can be kept as a CI artefact or attached to a review without leaking credentials.
 */
export function sealPlan(plan: Plan, secrets: readonly string[]): Plan {
  const seal = (_app: string, _key: string, value: unknown): SealedSecret => ({ $secret: digest(value) });
  return {
    ...plan,
    changes: plan.changes.map((c) => mapSecretOptions(c, seal, secrets)),
    removals: plan.removals.map((c) => mapSecretOptions(c, seal, secrets)),
    ...(plan.diff ? { diff: maskDiff(plan.diff as ModelDiff, secrets) as Record<string, unknown> } : {}),
  };
}

/**
 * Puts the secret values back into a saved plan from the desired bundle, refusing the plan when
 * a secret there is not the one the plan was made with. Previous values (`from`) are only
 * informational and stay sealed.
 */
export function unsealPlan(plan: Plan, desired: Bundle): Plan {
  const unseal = (app: string, key: string, value: unknown): unknown => {
    if (!isSealed(value)) return value;
    const current = desired.applications[app]?.options?.[key];
    if (current === undefined || digest(current) !== value.$secret) {
      throw new GitopsError('plan-secret-changed', `secret option ${key} of ${app} is not the value the saved plan was made with`, {
        hint: 'make a new plan from the current repository (`juju-gitops plan -o FILE`) and review it again',
      });
    }
    return current;
  };
  const unsealAll = (app: string, values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, unseal(app, k, v)]));
  const open = (change: Change): Change => {
    if (change.kind === 'config') return { ...change, set: unsealAll(change.application, change.set) };
    if (change.kind === 'deploy' && change.spec.options) {
      return { ...change, spec: { ...change.spec, options: unsealAll(change.application, change.spec.options) } };
    }
    return change;
  };
  return { ...plan, changes: plan.changes.map(open), removals: plan.removals.map(open) };
}

