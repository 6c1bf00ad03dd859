import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseRuns } from '../../src/apply/runs.js';
import { bundleText, makeRepoFixture, repoRoot, type RepoFixture } from './fixture.js';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const main = path.join(repoRoot, 'src/cli/main.ts');

/** Runs `apply` in a child process and SIGKILLs it right after its `killAfter`-th event. */
function applyAndKill(f: RepoFixture, killAfter: number): Promise<{ seen: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, main, 'apply', '--events', 'ndjson'], {
      cwd: f.dir,
      env: { ...process.env, ...f.tc.env, JUJU_GITOPS_LEASE_TTL: '1s' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      seen += 1;
      if (seen === killAfter && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ seen, killed });
    });
  });
}

describe('resuming after kill -9', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ units: 4, rollout: '      batch: 1\n      healthTimeout: 5s', applied: true });
  });
  afterAll(() => f?.cleanup());

  // Random kill points across the run: before the first unit, mid-unit, between units, at the end.
  const points = Array.from({ length: 3 }, (_, i) => [i + 1, 2 + Math.floor(Math.random() * 20)]);
  it.each(points)('converges with a consistent journal (trial %i, killed after event %i)', async (trial, killAfter) => {
    const label = `r${trial}-${killAfter}`;
    await f.commit({ [f.bundle]: bundleText({ label }) }, `label ${label}`);
    const { killed } = await applyAndKill(f, killAfter);

    const resumed = await f.cli(['apply', '--wait', '10s']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    expect(Object.values(await f.applied('app', 'label'))).toEqual([label, label, label, label]);
    expect((await f.live()).applications.app.options.label.value).toBe(label);

    const runs = summariseRuns(await f.journal());
    expect(runs.every((r) => r.end)).toBe(true);
    const last = runs[runs.length - 1];
    expect(last.end?.outcome === 'done' || last.end?.outcome === 'unchanged').toBe(true);
    expect(last.inFlight).toEqual([]);
    const killedRun = runs.find((r) => r.end?.resumedBy === last.runId);
    if (killedRun) {
      expect(killed).toBe(true);
      expect(killedRun.end?.outcome).toBe('interrupted');
      expect(last.start.resumes).toBe(killedRun.runId);
      // Every unit the killed run left mid-change was looked at again by the resuming run.
      const revisited = new Set([...last.unitsDone, ...last.unitsChecked]);
      for (const step of killedRun.inFlight) if (step.unit) expect(revisited.has(step.unit)).toBe(true);
      // No unit moved twice: what the killed run finished, the resuming run only checked.
      for (const unit of killedRun.unitsDone) expect(last.unitsDone).not.toContain(unit);
    }
  });
});
