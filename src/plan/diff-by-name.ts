import type { Missing } from './diff-types.js';

/**
 * Entities kept by name on both sides (applications, offers, saas), compared as `juju
 * diff-bundle` does: one on a single side is `missing` on the other; one on both sides is what
 * `compare` finds different, and left out when it finds nothing. Only the differences are
 * sorted, by name: a large model's many equal entities cost no sorting.
 */
export function diffByName<W, H, D extends { missing?: Missing }>(
  bundle: Readonly<Record<string, W | undefined>>,
  model: Readonly<Record<string, H | undefined>>,
  compare: (want: W, have: H) => D | undefined,
): Record<string, D> {
  const found: [string, D][] = [];
  for (const name of new Set([...Object.keys(bundle), ...Object.keys(model)])) {
    const want = bundle[name];
    const have = model[name];
    if (!have) found.push([name, { missing: 'model' } as D]);
    else if (!want) found.push([name, { missing: 'bundle' } as D]);
    else {
      const diff = compare(want, have);
      if (diff) found.push([name, diff]);
    }
  }
  return Object.fromEntries(found.sort(([a], [b]) => (a < b ? -1 : 1)));
}
