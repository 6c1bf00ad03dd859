import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseRuns } from '../../src/apply/runs.js';
import { runCliCaptured } from '../helpers/cli.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

describe('the source a run records', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ applied: true });
  });
  afterAll(() => f?.cleanup());

  const edit = (label: string) => fs.writeFileSync(path.join(f.dir, f.bundle), bundleText({ label }));
  const ci = (args: string[]) => runCliCaptured(args, { cwd: f.dir, env: { ...f.tc.env, CI: 'true', JUJU_GITOPS_LEASE_TTL: '2s' } });

  it('refuses a dirty working tree in CI, changing nothing', async () => {
    edit('dirty-1');
    const { code, err } = await ci(['apply']);
    expect(code).toBe(2);
    expect(err).toMatch(/error\[repo-dirty\]: tracked files in .* differ from commit [0-9a-f]{12}; CI applies commits, not working trees/);
    expect(err).toContain('--allow-dirty');
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v1', 'v1', 'v1', 'v1']);
  });

  it('records commit+dirty and a digest that tells two trees at one commit apart', async () => {
    const head = (await f.journal()).length;
    expect((await ci(['apply', '--allow-dirty'])).code).toBe(0);
    edit('dirty-2');
    expect((await ci(['apply', '--allow-dirty'])).code).toBe(0);
    const runs = summariseRuns((await f.journal()).filter((e) => e.seq > head));
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.start.dirty)).toEqual([true, true]);
    expect(runs[0].start.commit).toBe(runs[1].start.commit);
    expect(runs[0].start.desiredDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(runs[0].start.desiredDigest).not.toBe(runs[1].start.desiredDigest);
    const history = (await f.cli(['history'])).stdout;
    expect(history).toContain(`${runs[0].start.commit!.slice(0, 12)}+dirty`);
  });

  it('records a clean commit without the mark', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'clean' }) }, 'clean');
    expect((await ci(['apply'])).code).toBe(0);
    const last = summariseRuns(await f.journal()).at(-1)!;
    expect(last.start.dirty).toBeUndefined();
    expect((await f.cli(['plan'])).stdout).not.toContain('+dirty');
  });
});
