import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/apply/events.js';
import { makeRepoFixture, type RepoFixture } from './fixture.js';

function unitEvents(stdout: string): Extract<RolloutEvent, { type: 'unit' }>[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RolloutEvent)
    .filter((e): e is Extract<RolloutEvent, { type: 'unit' }> => e.type === 'unit');
}

describe('a unit set to another build behind the controller\'s back', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ rollout: '      batch: 1', applied: true });
    // What an interrupted or split-brain run leaves: one unit moved, its application not.
    await f.tc.backend.applyUnitChange(f.model, 'app/2', { options: { label: 'v0' } });
    await f.tc.backend.waitForSettled(f.model, ['app/2'], { timeoutMs: 10_000 });
  });
  afterAll(() => f?.cleanup());

  it('is found by diff, which exits 1 with --exit-code', async () => {
    const { code, stdout } = await f.cli(['diff', '--exit-code']);
    expect(code).toBe(1);
    expect(stdout).toContain('heal a unit of app: app/2 runs another build');
    expect(stdout).toContain('app/2 label: v0 → v1');
  });

  it.each(['json', 'markdown', 'yaml'])('makes diff --format %s --exit-code exit 1 too', async (format) => {
    expect((await f.cli(['diff', '--format', format, '--exit-code'])).code).toBe(1);
  });

  it('is marked in status, on its row and in its application\'s summary', async () => {
    const { code, stdout } = await f.cli(['status']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/app\/2 .*\[drift: label=v0 \(application: v1\)\]/);
    expect(stdout).toMatch(/^app .*1 unit drifted: app\/2/m);
  });

  it('is healed by apply, which moves that unit alone through the rollout', async () => {
    const { code, stdout } = await f.cli(['apply', '--events', 'ndjson']);
    expect(code).toBe(0);
    const events = unitEvents(stdout);
    expect(events.filter((e) => e.phase === 'applying').map((e) => e.unit)).toEqual(['app/2']);
    expect(events.find((e) => e.phase === 'done')).toMatchObject({ unit: 'app/2', from: 'label=v0', to: 'label=v1' });
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v1', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });
  });

  it('leaves nothing to diff once healed', async () => {
    const { code } = await f.cli(['diff', '--exit-code']);
    expect(code).toBe(0);
    expect((await f.cli(['apply'])).stdout).toContain('nothing to do');
  });
});
