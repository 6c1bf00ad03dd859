import { isSecretOption, keyedDigest, maskedValue, type DigestKey } from '../../model/secrets.js';
import { GitopsError } from '../../model/errors.js';
import type { CharmCatalogue } from '../charms/catalogue.js';
import type { Store } from '../store/store.js';
import type { ModelRow } from '../store/rows.js';

/** What every model operation works with: the store, the charm catalogue and the caller's names. */
export interface OpsContext {
  store: Store;
  catalogue: CharmCatalogue;
  /** The name the caller knows this controller by; offer URLs are written with it. */
  controllerName: string;
  now: () => Date;
  /** The controller's folder, when it has one: other controllers reach its offers through it. */
  dir?: string;
}

export function requireModel(ctx: OpsContext, name: string): ModelRow {
  const row = ctx.store.get<ModelRow>('SELECT * FROM models WHERE name = ?', name);
  if (!row) {
    throw new GitopsError('model-not-found', `model ${JSON.stringify(name)} not found`, {
      hint: 'list models with `juju-gitops models`, or create it with `juju-gitops add-model NAME`',
    });
  }
  return row;
}

/**
 * Appends to the controller's event log. Option values (under `options` and a config change's
 * `set`) are kept only as keyed digests: which options are secret is partly the repository's
 * business (`secrets:`), which the controller does not know, so it keeps none in clear. Other
 * values under keys that look like secrets are masked. The log can be shown to anyone who may
 * read status.
 */
export function recordEvent(ctx: OpsContext, model: string | null, kind: string, subject: string | null, data?: unknown): void {
  ctx.store.run(
    'INSERT INTO events (at, model, kind, subject, data) VALUES (?, ?, ?, ?, ?)',
    ctx.now().toISOString(),
    model,
    kind,
    subject,
    data === undefined ? null : JSON.stringify(maskSecrets(digestOptionValues(data, ctx.store.digestKey()))),
  );
}

/** A copy with every value of an `options` or `set` map replaced by its keyed digest (unset stays null). */
export function digestOptionValues(value: unknown, key: DigestKey, field = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => digestOptionValues(v, key));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (field === 'options' || field === 'set') return Object.fromEntries(entries.map(([k, v]) => [k, v == null ? v : keyedDigest(v, key)]));
  return Object.fromEntries(entries.map(([k, v]) => [k, digestOptionValues(v, key, k)]));
}

export function maskSecrets(value: unknown, key = ''): unknown {
  // A keyed digest already gives nothing away, and still shows whether the value changed.
  const digested = typeof value === 'string' && value.startsWith('hmac-sha256:');
  if (isSecretOption(key) && !digested && (typeof value === 'string' || typeof value === 'number')) return maskedValue;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  }
  return value;
}

/** JSON with sorted keys, so equal values compare equal as strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
