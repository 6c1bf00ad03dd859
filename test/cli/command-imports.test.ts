import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * Every file and package a command module pulls in, as the bundled CLI loads them when that
 * command runs (the same resolution esbuild applies in `npm run build:cli`). What a command
 * imports it pays for at startup, so commands that only read files must not reach git, SQLite
 * or the planner through a folder's index.
 */
async function reachedBy(command: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [resolve(root, 'src/cli/commands', `${command}.ts`)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const packages = new Set<string>();
  for (const input of Object.values(inputs)) {
    for (const imported of input.imports) {
      // A dynamic import is paid when it runs, not when the command loads.
      if (imported.external && imported.kind !== 'dynamic-import' && !imported.path.startsWith('node:')) packages.add(imported.path);
    }
  }
  return { files: Object.keys(inputs), packages: [...packages].sort() };
}

describe('what a command loads', () => {
  it.each([['validate'], ['render']])('%s reads files without loading git, SQLite, the planner or the executor', async (command) => {
    const { files, packages } = await reachedBy(command);
    expect(packages).not.toContain('simple-git');
    expect(packages).not.toContain('better-sqlite3');
    expect(packages).not.toContain('fast-json-patch');
    expect(files.filter((file) => /^src\/(plan|apply|controller|backends|reconcile)\//.test(file))).toEqual([]);
  });

  it('sees the planner and its diff library where a command does load them (the check is not blind)', async () => {
    const { files, packages } = await reachedBy('apply');
    expect(packages).toContain('fast-json-patch');
    expect(files).toContain('src/plan/build-plan.ts');
  });
});
