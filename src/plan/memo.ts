/**
 * A pure function of a string, remembered for the strings it has seen: a large model spells
 * the same charm, channel, base and constraints thousands of times, and each spelling is parsed
 * once. At most `limit` answers are kept; the memory is emptied when full, so it never grows
 * without bound.
 */
export function memoised<R>(fn: (value: string) => R, limit = 4096): (value: string) => R {
  const seen = new Map<string, R>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined || seen.has(value)) return known as R;
    if (seen.size >= limit) seen.clear();
    const answer = fn(value);
    seen.set(value, answer);
    return answer;
  };
}
