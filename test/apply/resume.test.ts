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

/** A small seeded generator, so a failing draw can be replayed with RESUME_SEED. */
function drawKillPoints(seed: number, count: number, lastEvent: number): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => 1 + Math.floor(next() * lastEvent));
}

const seed = Number(process.env.RESUME_SEED ?? Date.now() % 1_000_000);
// Each trial starts a CLI process; RESUME_TRIALS lowers the count while working on this test.
// A 4-unit rollout prints 24 events; up to the 18th (app/3 settled) the last unit is still to
// move, so every drawn kill lands before the run could have written its end.
const points = drawKillPoints(seed, Number(process.env.RESUME_TRIALS ?? 50), 18).map((killAfter, i) => [i + 1, killAfter] as const);

describe(`resuming after kill -9 (RESUME_SEED=${seed})`, () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ units: 4, rollout: '      batch: 1\n      healthTimeout: 5s', applied: true });
  });
  afterAll(() => f?.cleanup());

  it.each(points)('converges with a consistent journal and counts that add up (trial %i, killed after event %i)', async (trial, killAfter) => {
    const label = `r${trial}-${killAfter}`;
    await f.commit({ [f.bundle]: bundleText({ label }) }, `label ${label}`);
    const { killed } = await applyAndKill(f, killAfter);
    expect(killed).toBe(true);

    const resumed = await f.cli(['apply', '--wait', '10s']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    expect(Object.values(await f.applied('app', 'label'))).toEqual([label, label, label, label]);
    expect((await f.live()).applications.app.options.label.value).toBe(label);

    const runs = summariseRuns(await f.journal());
    expect(runs.every((r) => r.end)).toBe(true);
    const last = runs[runs.length - 1];
    expect(last.end?.outcome).toBe('done');
    expect(last.inFlight).toEqual([]);
    const killedRun = runs.find((r) => r.end?.resumedBy === last.runId);
    expect(killedRun?.end?.outcome).toBe('interrupted');
    expect(last.start.resumes).toBe(killedRun!.runId);
    // Every unit the killed run left mid-change was looked at again by the resuming run.
    const revisited = new Set([...last.unitsDone, ...last.unitsChecked]);
    for (const step of killedRun!.inFlight) if (step.unit) expect(revisited.has(step.unit)).toBe(true);
    // No unit moved twice: what the killed run finished, the resuming run only checked.
    for (const unit of killedRun!.unitsDone) expect(last.unitsDone).not.toContain(unit);
    // The record adds up: the killed run is credited with what its journal proves it finished,
    // the resuming run with what it moved, and a unit caught mid-change that the resuming run
    // found already moved is the killed run's too: four units in all.
    expect(killedRun!.end?.unitsMoved).toBe(killedRun!.unitsDone.length);
    expect(last.end?.unitsMoved).toBe(last.unitsDone.length);
    const caughtMoved = killedRun!.inFlight.filter((s) => s.unit && last.unitsChecked.includes(s.unit)).length;
    expect(killedRun!.end!.unitsMoved + last.end!.unitsMoved + caughtMoved).toBe(4);
  });
});
