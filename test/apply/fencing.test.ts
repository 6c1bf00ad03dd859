import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseFence, LeaseHolder, LeaseResult, UnitTarget } from '../../src/backends/backend.js';
import type { Change } from '../../src/model/change.js';
import { summariseRuns } from '../../src/apply/runs.js';
import { childPool } from '../helpers/child-pool.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

const units = 6;
const trials = Number(process.env.FENCING_TRIALS ?? 20);

/** Every lease taken and every unit or application write the controller accepted, in order. */
function recordWrites(tc: TestController) {
  const log: ({ kind: 'lease'; leaseId: string } | { kind: 'write'; leaseId?: string; unit?: string })[] = [];
  const { backend, runs } = tc;
  const acquire = runs.acquireLease;
  const move = backend.applyUnitChange;
  const change = backend.applyChange;
  runs.acquireLease = async (model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult> => {
    const result = await acquire.call(runs, model, holder, ttlMs);
    if (result.acquired) log.push({ kind: 'lease', leaseId: result.fence.leaseId });
    return result;
  };
  backend.applyUnitChange = async (model: string, unit: string, target: UnitTarget, fence?: LeaseFence) => {
    await move.call(backend, model, unit, target, fence);
    log.push({ kind: 'write', leaseId: fence?.leaseId, unit });
  };
  backend.applyChange = async (model: string, c: Change, fence?: LeaseFence) => {
    await change.call(backend, model, c, fence);
    log.push({ kind: 'write', leaseId: fence?.leaseId });
  };
  return {
    log,
    restore() {
      Object.assign(runs, { acquireLease: acquire });
      Object.assign(backend, { applyUnitChange: move, applyChange: change });
    },
  };
}

describe(`a reconcile paused past its lease (SIGSTOP, ${trials} trials)`, () => {
  let tc: TestController;
  let f: RepoFixture;
  let pool: ReturnType<typeof childPool>;
  let writes: ReturnType<typeof recordWrites>;
  beforeAll(async () => {
    tc = await startTestController();
    f = await makeRepoFixture({ tc, units, rollout: '      batch: 1\n      order: ordinal\n      pause: 150ms', applied: true });
    pool = childPool({ ...tc.env, JUJU_GITOPS_LEASE_TTL: '1s' });
    writes = recordWrites(tc);
  });
  afterAll(async () => {
    pool?.close();
    writes?.restore();
    await f?.cleanup();
    await tc?.stop();
  });

  it.each(Array.from({ length: trials }, (_, i) => i + 1))('moves nothing after another run took the lease over (trial %i)', async (trial) => {
    const paused = await pool.take();
    const stale = `a${trial}`;
    const fresh = `b${trial}`;
    await f.commit({ [f.bundle]: bundleText({ units, label: stale }) }, `label ${stale}`);
    const logStart = writes.log.length;
    paused.run(['apply', '--events', 'ndjson'], f.dir);
    await paused.line((l) => l.includes('"phase":"done"'));
    paused.process.kill('SIGSTOP');
    try {
      await f.commit({ [f.bundle]: bundleText({ units, label: fresh }) }, `label ${fresh}`);
      // The paused run never renews: after its TTL this run takes the lease and rolls every unit.
      const taker = await f.cli(['apply', '--wait', '30s']);
      expect(taker.stderr).toBe('');
      expect(taker.code).toBe(0);
    } finally {
      paused.process.kill('SIGCONT');
    }
    const { code, stderr } = await paused.exited;
    expect(stderr).toMatch(new RegExp(`error\\[lease-lost\\]: lost the lease on model ${f.model} to apply on host \\S+, pid \\d+`));
    expect(stderr).not.toContain('stopped on request');
    expect(code).toBe(4);

    // Every unit runs what the run that took over applied; the paused run left none behind.
    expect(Object.values(await f.applied('app', 'label'))).toEqual(Array(units).fill(fresh));
    // The controller accepted no write of the paused run once the other run held the lease.
    const trialLog = writes.log.slice(logStart);
    const leases = trialLog.filter((e) => e.kind === 'lease').map((e) => e.leaseId);
    expect(leases).toHaveLength(2);
    const takeover = trialLog.findIndex((e) => e.kind === 'lease' && e.leaseId === leases[1]);
    expect(trialLog.slice(takeover).filter((e) => e.kind === 'write' && e.leaseId === leases[0])).toEqual([]);
    expect(trialLog.slice(0, takeover).some((e) => e.kind === 'write' && e.leaseId === leases[0])).toBe(true);

    // History: the paused run is closed as interrupted by the run that took over, which is done.
    const runs = summariseRuns(await f.journal()).slice(-2);
    expect(runs.map((r) => r.end?.outcome)).toEqual(['interrupted', 'done']);
    expect(runs[0].end?.resumedBy).toBe(runs[1].runId);
  });
});
