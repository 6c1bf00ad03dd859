import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/**
 * Compares rendered output with `golden/<name>` through vitest's file snapshots: `vitest -u`
 * rewrites them after an intended change (review them in the diff); in CI a missing one fails.
 */
export function expectGolden(name: string, actual: string): Promise<void> {
  return expect(actual).toMatchFileSnapshot(join(goldenDir, name));
}
