import { join } from 'node:path';
import { loadBundleFiles, type LoadedBundle, type LoadOptions } from '../../src/bundle/index.js';

export const memoryRoot = '/repo';

/**
 * Loads bundle files held in memory as if they were a repository at /repo: reads of anything
 * else fail as a missing file does, and a path counts as an existing charm folder when some
 * file lies under it.
 */
export function loadFromMemory(files: Record<string, string>, order: string[], opts: LoadOptions = {}): Promise<LoadedBundle> {
  const byPath = new Map(Object.entries(files).map(([rel, text]) => [join(memoryRoot, rel), text]));
  return loadBundleFiles(order, {
    ...opts,
    root: memoryRoot,
    readFile: async (abs) => {
      const text = byPath.get(abs);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${abs}`), { code: 'ENOENT' });
      return text;
    },
    exists: async (abs) => [...byPath.keys()].some((p) => p.startsWith(abs + '/')),
  });
}
