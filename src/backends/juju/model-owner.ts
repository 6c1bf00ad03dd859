import { sameOwner, type ModelOwner, type OwnerClaim } from '../../model/owner.js';

/**
 * Which repository manages a Juju model, kept where Juju lets a client keep its own word on a
 * model: a model-config key of its own. Juju keeps model-config keys it does not know ("Unknown
 * fields are warned about, but preserved", environs/config ValidateUnknownAttrs, in 3.6 and
 * 4.x; `juju model-config` warns "possible misspelling" and sets it), they stay on the model,
 * and anyone can see them in `juju model-config`. Juju has no
 * compare-and-set on model config, so a claim is a write read back: of two repositories
 * claiming one model at the same moment, the one whose write Juju kept wins.
 */
export const ownerConfigKey = 'juju-gitops-owner';

/** `juju model-config --format=json`: `{key: {Value, Source}}` (Juju's ConfigValue has no JSON tags). */
export type RawModelConfig = Record<string, { Value?: unknown; Source?: string } | undefined>;

/** Every key's value and where it comes from (`model`, `default`, `controller`, `region`…). */
export function parseModelConfig(raw: RawModelConfig | null): Record<string, { value: unknown; source: string }> {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([key, entry]) => [key, { value: entry?.Value, source: String(entry?.Source ?? '') }]));
}

/** The owner recorded in a model's config; a value juju-gitops did not write names itself as the owner. */
export function ownerOfModelConfig(raw: RawModelConfig | null): ModelOwner | null {
  const value = parseModelConfig(raw)[ownerConfigKey]?.value;
  if (typeof value !== 'string' || value === '') return null;
  try {
    const parsed = JSON.parse(value) as Partial<ModelOwner>;
    if (typeof parsed.repository === 'string' && typeof parsed.config === 'string') return { repository: parsed.repository, config: parsed.config };
  } catch {
    // Set by hand: reported as it is, so it is refused unless adopted.
  }
  return { repository: value, config: '?' };
}

/** The value written for an owner: JSON in a string, which model config stores as it is. */
export function ownerConfigValue(owner: ModelOwner): string {
  return JSON.stringify({ repository: owner.repository, config: owner.config });
}

export interface OwnerStore {
  read(): Promise<ModelOwner | null>;
  /** Sets the key, or resets it with null. */
  write(owner: ModelOwner | null): Promise<void>;
}

/**
 * Claims a model for `owner` (null: leave it unmanaged, as `deploy --adopt` does): granted when
 * it has no owner, is already the caller's, or `adopt` is set. The write is read back, and a
 * different owner found there (another repository's write that landed after this one) refuses
 * the claim, naming it.
 */
export async function claimThroughModelConfig(store: OwnerStore, owner: ModelOwner | null, opts: { adopt: boolean }): Promise<OwnerClaim> {
  const previous = await store.read();
  if (previous && !opts.adopt && !sameOwner(previous, owner)) return { granted: false, previous };
  if (sameOwner(previous, owner) || (!previous && !owner)) return { granted: true, previous };
  await store.write(owner);
  const kept = await store.read();
  if (kept && !sameOwner(kept, owner)) return { granted: false, previous: kept };
  return { granted: true, previous };
}
