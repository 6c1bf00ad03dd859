import { describe, expect, it } from 'vitest';
import { bundleReach } from '../helpers/bundle-reach.js';

/**
 * What a command imports it pays for at startup, so commands that only read files must not
 * reach git, SQLite or the planner through a folder's index. A command module is bundled as the
 * CLI bundles it; a package it imports only dynamically is paid when that code runs.
 */
const reachedBy = (command: string) => bundleReach(`src/cli/commands/${command}.ts`);

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
