/**
 * Wraps a loader so its result is reused for `ttlMs` after it settles, and callers arriving
 * while it runs share the same promise: a scrape storm costs one read of the store per period.
 * A failed load is not kept, so the next caller tries again.
 */
export function reuseFor<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let entry: { value: Promise<T>; settledAt?: number } | undefined;
  return () => {
    if (entry && (entry.settledAt === undefined || now() - entry.settledAt < ttlMs)) return entry.value;
    const current: { value: Promise<T>; settledAt?: number } = { value: load() };
    entry = current;
    current.value.then(
      () => {
        current.settledAt = now();
      },
      () => {
        if (entry === current) entry = undefined;
      },
    );
    return current.value;
  };
}
