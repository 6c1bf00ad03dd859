/**
 * True only when both values have the same canonical JSON, found without writing it. It may
 * answer false for some that do (undefined members, values with their own JSON form, arrays
 * read as records), so a false answer means "look closer", never "different".
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b) || 'toJSON' in a || 'toJSON' in b) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Counted with for…in rather than Object.keys: this runs for every unit and application, and lists no keys.
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) return false;
    if (!Object.hasOwn(right, key) || left[key] === undefined || !sameJson(left[key], right[key])) return false;
    count++;
  }
  for (const key in right) if (Object.hasOwn(right, key)) count--;
  return count === 0;
}
