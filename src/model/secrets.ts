import { createHash, createHmac } from 'node:crypto';
import type { Bundle } from './bundle.js';

/**
 * What stands in for a secret value. Each output keeps the form its readers already know:
 * rendered bundles and the controller's event log show `maskedValue`, plans and diffs
 * `maskedInPlan` (a reviewer still sees that the secret changed), and one-line labels and
 * table cells the short `maskedInLabel`.
 */
export const maskedValue = '********';
export const maskedInPlan = '(masked)';
export const maskedInLabel = '***';

const secretName = /password|secret|token|key/i;

/** Option names that hold credentials: by name (password, secret, token, key) or declared. */
export function isSecretOption(name: string, declared: readonly string[] = []): boolean {
  return declared.includes(name) || secretName.test(name);
}

/** A copy of option values with each secret one replaced by `placeholder`; unset (null) stays unset. */
export function maskOptionValues(
  values: Record<string, unknown>,
  declared: readonly string[] = [],
  placeholder: string = maskedValue,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v != null && isSecretOption(k, declared) ? placeholder : v]));
}

/** A copy of the bundle with every secret option value masked, and the `app.option`s masked. */
export function maskSecrets(bundle: Bundle, declared: readonly string[] = []): { bundle: Bundle; masked: string[] } {
  const masked: string[] = [];
  const applications: Bundle['applications'] = {};
  for (const [name, app] of Object.entries(bundle.applications)) {
    if (!app.options) {
      applications[name] = app;
      continue;
    }
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(app.options)) {
      // An empty value is shown as it is: it says the secret is not set, and gives nothing away.
      const secret = value !== null && value !== '' && isSecretOption(key, declared);
      options[key] = secret ? maskedValue : value;
      if (secret) masked.push(`${name}.${key}`);
    }
    applications[name] = { ...app, options };
  }
  return { bundle: { ...bundle, applications }, masked };
}

/**
 * The secret key digests are made with. A plain hash of a secret can be checked offline against
 * guesses by anyone holding a plan; a keyed one (HMAC-SHA256) only by whoever holds the key,
 * which never travels with the plan. `id` names the key without revealing it.
 */
export interface DigestKey {
  id: string;
  key: Buffer;
}

export function digestKey(key: Buffer): DigestKey {
  return { id: createHash('sha256').update(createHmac('sha256', key).update('juju-gitops digest key id').digest()).digest('hex').slice(0, 12), key };
}

/** `hmac-sha256:<key id>:<hex>` of the value's JSON. */
export function keyedDigest(value: unknown, key: DigestKey): string {
  return `hmac-sha256:${key.id}:${createHmac('sha256', key.key).update(JSON.stringify(value) ?? 'undefined').digest('hex')}`;
}
