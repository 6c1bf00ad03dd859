import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseRuns } from '../../src/apply/runs.js';
import { makeRepoFixture, type RepoFixture } from './fixture.js';

/** A generation over units of a charm read from the repository's own folder (`charm: ../charms/sim`). */
describe('a generation of a repository charm', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ applied: true, units: 3 });
  });
  afterAll(() => f?.cleanup());

  const generationFile = () => path.join(f.dir, 'generations', `${f.model}.yaml`);

  it('moves its target units, and the report says so without "nothing to do"', async () => {
    expect((await f.cli(['generation', 'add'])).code).toBe(0);
    expect((await f.cli(['config', 'app', 'label=g1'])).code).toBe(0);
    expect((await f.cli(['generation', 'set', 'app/0'])).code).toBe(0);
    // `generation cancel` edits the working tree; with CI=true apply wants that said.
    const { code, stdout, stderr } = await f.cli(['apply', '--allow-dirty']);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/generation gen-[\d-]+: app\/0 moved to it/);
    expect(stdout).not.toContain('nothing to do');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'g1', 'app/1': 'v1', 'app/2': 'v1' });
    const status = (await f.cli(['status'])).stdout;
    expect(status).toMatch(/app\/1 .*\[old\]/);
    expect(status).not.toMatch(/app\/0\*? .*\[old\]/);
  });

  it('counts no unit as moved when the controller refuses its write', async () => {
    const text = fs.readFileSync(generationFile(), 'utf8');
    fs.writeFileSync(generationFile(), text.replace('label: g1', 'label: g1\n      no-such-option: 1').replace('- app/0', '- app/0\n  - app/1'));
    const before = (await f.journal()).length;
    const { code, stdout, stderr } = await f.cli(['apply']);
    expect(code, stdout + stderr).toBe(1);
    expect(stdout).toContain('app/0 apply check failed');
    const run = summariseRuns((await f.journal()).slice(before)).at(-1)!;
    expect(run.end?.unitsMoved ?? 0).toBe(0);
    expect(stdout).not.toMatch(/[1-9] units? moved/);
    fs.writeFileSync(generationFile(), text);
  });

  it('after cancel, the next reconcile returns every unit and no unit stays [old]', async () => {
    expect((await f.cli(['generation', 'set', 'app/1', 'app/2'])).code).toBe(0);
    const moved = await f.cli(['apply']);
    expect(moved.code, moved.stdout + moved.stderr).toBe(0);
    const cancel = await f.cli(['generation', 'cancel']);
    expect(cancel.code, cancel.stdout + cancel.stderr).toBe(0);
    // Until the reconcile, the controller still has it: status says why units show [old].
    expect((await f.cli(['status'])).stderr).toMatch(/note: generation gen-[\d-]+ is no longer open in the repository; the next reconcile returns its units/);
    // `generation cancel` edits the working tree; with CI=true apply wants that said.
    const { code, stdout, stderr } = await f.cli(['apply', '--allow-dirty']);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).not.toContain('nothing to do');
    expect((await f.cli(['status'])).stdout).not.toContain('[old]');
    expect((await f.live()).generation).toBeNull();
  });
});
