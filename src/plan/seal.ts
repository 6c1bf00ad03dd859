import { createHash } from 'node:crypto';
import { keyedDigest, type DigestKey } from '../model/secrets.js';
import type { Bundle } from '../model/bundle.js';
import type { Change, Plan } from '../model/change.js';
import { GitopsError } from '../model/errors.js';
import { isSealed, mapSecretOptions, maskDiff, type SealedSecret } from './mask.js';
import type { ModelDiff } from './diff-types.js';

export type { SealedSecret } from './mask.js';
export { digestKey, keyedDigest, type DigestKey } from '../model/secrets.js';

/** A plain digest of content that holds no secret (secrets go in as their keyed digests). */
export function digest(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;
}

/**
 * The plan as it is saved to a file: every secret option value replaced by its keyed digest, so
 * a plan can be kept as a CI artefact or attached to a review without leaking credentials.
 */
export function sealPlan(plan: Plan, secrets: readonly string[], key: DigestKey): Plan {
  const seal = (_app: string, _key: string, value: unknown): SealedSecret => ({ $secret: keyedDigest(value, key) });
  return {
    ...plan,
    changes: plan.changes.map((c) => mapSecretOptions(c, seal, secrets)),
    removals: plan.removals.map((c) => mapSecretOptions(c, seal, secrets)),
    ...(plan.diff ? { diff: maskDiff(plan.diff as ModelDiff, secrets) as Record<string, unknown> } : {}),
  };
}

/**
 * Puts the secret values back into a saved plan from the desired bundle, refusing the plan when
 * a secret there is not the one the plan was made with, or when the plan was sealed with another
 * key (then nothing can be checked). Previous values (`from`) are only informational and stay sealed.
 */
export function unsealPlan(plan: Plan, desired: Bundle, key: DigestKey): Plan {
  const unseal = (app: string, option: string, value: unknown): unknown => {
    if (!isSealed(value)) return value;
    const [scheme, id] = value.$secret.split(':');
    if (scheme !== 'hmac-sha256' || id !== key.id) {
      throw new GitopsError('plan-key-mismatch', `the saved plan's secrets were sealed with ${scheme === 'hmac-sha256' ? `another digest key (${id})` : 'an unkeyed digest'}, not this machine's (${key.id})`, {
        hint: 'apply the plan where it was made, give both jobs the same JUJU_GITOPS_DIGEST_KEY, or make a new plan here',
      });
    }
    const current = desired.applications[app]?.options?.[option];
    if (current === undefined || keyedDigest(current, key) !== value.$secret) {
      throw new GitopsError('plan-secret-changed', `secret option ${option} of ${app} is not the value the saved plan was made with`, {
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
