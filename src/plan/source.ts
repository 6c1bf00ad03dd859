import type { Bundle } from '../model/bundle.js';
import type { Plan } from '../model/change.js';
import { isSecretOption, keyedDigest, type DigestKey } from '../model/secrets.js';
import { canonicalJson } from './fingerprint.js';
import { digest } from './seal.js';

/**
 * A digest of the desired state a plan was made from. The commit alone does not say what was
 * read — a dirty working tree at one commit can hold anything — so plans, journals and history
 * carry this too. Secret option values enter it only as their keyed digests (as in a saved plan):
 * a plain hash over a bundle a reviewer can read would let a guess at the secret be checked.
 */
export function digestDesired(desired: Bundle, secrets: readonly string[], key: DigestKey): string {
  const applications = Object.fromEntries(
    Object.entries(desired.applications ?? {}).map(([name, app]) => {
      if (!app?.options) return [name, app];
      const options = Object.fromEntries(Object.entries(app.options).map(([k, v]) => [k, v != null && isSecretOption(k, secrets) ? { $secret: keyedDigest(v, key) } : v]));
      return [name, { ...app, options }];
    }),
  );
  return digest(canonicalJson({ ...desired, applications }));
}

/** `commit`, or `commit+dirty` when the working tree differed from it; short unless `full`. */
export function describeSource(source: { sourceCommit?: string; sourceDirty?: boolean }, full = false): string | undefined {
  if (!source.sourceCommit) return source.sourceDirty ? 'uncommitted' : undefined;
  return `${full ? source.sourceCommit : source.sourceCommit.slice(0, 12)}${source.sourceDirty ? '+dirty' : ''}`;
}

export type PlanSource = Pick<Plan, 'sourceCommit' | 'sourceDirty' | 'desiredDigest'>;
