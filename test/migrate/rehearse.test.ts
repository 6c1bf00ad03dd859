import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalReport } from '../../src/migrate/rehearse.js';
import { bundleText, makeRepoFixture, type RepoFixture } from '../apply/fixture.js';

const scratchFolders = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('juju-gitops-rehearse-')).length;

describe('rehearsing a model rollout on a simulated copy', () => {
  let fx: RepoFixture;
  beforeAll(async () => {
    fx = await makeRepoFixture({ units: 4, applied: true, rollout: '      batch: 1\n      canary: 1' });
  });
  afterAll(async () => fx?.cleanup());

  it('reports the steps, the units it would move and how long it would take, and changes nothing real', async () => {
    await fx.commit({ [fx.bundle]: bundleText({ units: 4, label: 'v2' }) }, 'v2');
    const folders = scratchFolders();
    const { code, stdout, stderr } = await fx.cli(['rehearse', '--model', fx.model, '--restart', '150ms', '--format', 'json']);
    expect(code, stdout + stderr).toBe(0);
    const report = JSON.parse(stdout) as RehearsalReport;
    expect(report.steps.map((s) => [s.description, s.classification])).toEqual([['set application options for app', 'restart']]);
    expect(report.unitsMoved).toBe(4);
    expect(report.outcome).toBe('done');
    // Four units one at a time, each taking the simulated restart.
    expect(report.durationMs).toBeGreaterThanOrEqual(4 * 150);
    expect(report.notes).toEqual(['the model: the real run stops after 1 unit(s) for `promote`']);
    expect(Object.values(await fx.applied('app', 'label'))).toEqual(['v1', 'v1', 'v1', 'v1']);
    expect(scratchFolders()).toBe(folders);
  });

  it('prints a plain summary, and lists what is destructive', async () => {
    await fx.commit({ [fx.bundle]: bundleText({ units: 2, label: 'v2' }) }, 'scale down');
    const { code, stdout } = await fx.cli(['rehearse', '--model', fx.model, '--restart', '10ms']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Rehearsal of model m on a simulated copy \(units restart in 0\.0s\):/);
    expect(stdout).toMatch(/Destructive \(needs --yes\): .*app/);
    expect(Object.keys((await fx.live()).applications.app.units)).toHaveLength(4);
  });
});
