import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseHolder, LeaseResult, RunStore } from '../../src/backends/run-store.js';
import { processStartTime } from '../../src/controller/host-processes.js';

export interface RunStoreTarget {
  runs: RunStore;
  /** Frees whatever the factory made (controllers, folders, repositories). */
  cleanup?: () => Promise<void>;
}

const holder = (purpose: string, host = 'ci-runner'): LeaseHolder => ({ host, pid: 4242, since: '2026-01-01T00:00:00.000Z', purpose });

function fenceOf(result: LeaseResult) {
  if (!result.acquired) throw new Error(`expected the lease, but ${result.holder.purpose} holds it`);
  return result.fence;
}

/** Past a lease's TTL of 1 ms, by the store's clock (every store here uses wall time). */
const pastTtl = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * What every RunStore must do, whatever keeps its data: one holder per model at a time, a
 * fencing token that refuses a stale holder's writes and names who took over, and a journal
 * read back in the order written. Each case uses a model of its own.
 */
export function runRunStoreContract(name: string, factory: () => Promise<RunStoreTarget>): void {
  describe(`RunStore contract: ${name}`, () => {
    let target: RunStoreTarget;
    let runs: RunStore;
    let counter = 0;
    const model = () => `contract-${++counter}`;

    beforeAll(async () => {
      target = await factory();
      runs = target.runs;
    });
    afterAll(async () => {
      await runs?.close();
      await target?.cleanup?.();
    });

    it('gives a model lease to one holder at a time, naming the holder to the others', async () => {
      const m = model();
      const first = fenceOf(await runs.acquireLease(m, holder('first'), 60_000));
      const refused = await runs.acquireLease(m, holder('second'), 60_000);
      expect(refused).toMatchObject({ acquired: false, holder: { purpose: 'first', host: 'ci-runner', pid: 4242 } });
      if (refused.acquired) throw new Error('unreachable');
      expect(Date.parse(refused.expiresAt)).toBeGreaterThan(Date.now());
      expect(await runs.renewLease(m, first, 60_000)).toBe(true);
      await runs.releaseLease(m, first);
      const second = fenceOf(await runs.acquireLease(m, holder('second'), 60_000));
      expect(second.token).toBeGreaterThan(first.token);
      expect(second.leaseId).not.toBe(first.leaseId);
    });

    it('keeps the leases of different models apart', async () => {
      const [a, b] = [model(), model()];
      fenceOf(await runs.acquireLease(a, holder('a'), 60_000));
      fenceOf(await runs.acquireLease(b, holder('b'), 60_000));
    });

    it('lets another holder take an expired lease; the first can then neither renew nor write', async () => {
      const m = model();
      const first = fenceOf(await runs.acquireLease(m, holder('first', 'paused-runner'), 1));
      await pastTtl();
      const second = fenceOf(await runs.acquireLease(m, holder('second', 'other-runner'), 60_000));
      expect(second.token).toBeGreaterThan(first.token);
      expect(await runs.renewLease(m, first, 60_000)).toBe(false);
      const stale = runs.appendJournal(m, [{ runId: 'first', kind: 'step-start', unit: 'app/0' }], first);
      await expect(stale).rejects.toMatchObject({ code: 'lease-lost', message: expect.stringContaining(`lost the lease on model ${m} to second on host other-runner, pid 4242`) });
      // Even an append of nothing is the proof, and is refused.
      await expect(runs.appendJournal(m, [], first)).rejects.toMatchObject({ code: 'lease-lost' });
      await runs.appendJournal(m, [{ runId: 'second', kind: 'run-start' }], second);
      await runs.appendJournal(m, [], second);
      expect((await runs.readJournal(m)).map((e) => e.runId)).toEqual(['second']);
      // The stale holder's release leaves the new holder's lease alone.
      await runs.releaseLease(m, first);
      expect(await runs.acquireLease(m, holder('third'), 60_000)).toMatchObject({ acquired: false, holder: { purpose: 'second' } });
    });

    it('refuses a stale holder even after the new holder finished and let go, saying so', async () => {
      const m = model();
      const first = fenceOf(await runs.acquireLease(m, holder('first'), 1));
      await pastTtl();
      const second = fenceOf(await runs.acquireLease(m, holder('second', 'other-runner'), 60_000));
      await runs.releaseLease(m, second);
      await expect(runs.appendJournal(m, [{ runId: 'first', kind: 'run-end' }], first)).rejects.toMatchObject({
        code: 'lease-lost',
        message: expect.stringMatching(/to second on host other-runner, pid 4242.*which has finished since/),
      });
      // Its own released lease proves nothing either.
      await expect(runs.appendJournal(m, [{ runId: 'second', kind: 'note' }], second)).rejects.toMatchObject({ code: 'lease-lost' });
    });

    it('takes over at once from a holder on this host killed with SIGKILL, refusing the dead holder\'s fence', async () => {
      const m = model();
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      await once(child, 'spawn');
      try {
        const pid = child.pid!;
        const killed: LeaseHolder = { host: hostname(), pid, pidStart: processStartTime(pid), since: new Date().toISOString(), purpose: 'killed' };
        const first = fenceOf(await runs.acquireLease(m, killed, 60_000));
        // While the holder runs, its lease stands.
        expect(await runs.acquireLease(m, holder('second', hostname()), 60_000)).toMatchObject({ acquired: false, holder: { purpose: 'killed', pid } });
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
        const second = await runs.acquireLease(m, holder('second', hostname()), 60_000);
        expect(second).toMatchObject({ acquired: true, tookOverFrom: { purpose: 'killed', pid, host: hostname() } });
        expect(fenceOf(second).token).toBeGreaterThan(first.token);
        await expect(runs.appendJournal(m, [{ runId: 'killed', kind: 'run-end' }], first)).rejects.toMatchObject({ code: 'lease-lost' });
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('takes over from a holder whose pid now belongs to another process, and waits out a holder on another host', async () => {
      const reused = model();
      fenceOf(await runs.acquireLease(reused, { ...holder('before-reboot', hostname()), pid: process.pid, pidStart: 'another-process' }, 60_000));
      expect(await runs.acquireLease(reused, holder('next', hostname()), 60_000)).toMatchObject({ acquired: true, tookOverFrom: { purpose: 'before-reboot' } });
      // A pid on another host says nothing about a process here: that lease runs out by its TTL.
      const remote = model();
      fenceOf(await runs.acquireLease(remote, { ...holder('elsewhere', 'other-runner'), pid: 999_999_999 }, 60_000));
      expect(await runs.acquireLease(remote, holder('next', hostname()), 60_000)).toMatchObject({ acquired: false, holder: { purpose: 'elsewhere' } });
    });

    it('keeps a lease its holder renews past the first TTL', async () => {
      const m = model();
      const first = fenceOf(await runs.acquireLease(m, holder('first'), 1));
      await pastTtl();
      // Expired but not taken: the holder's heartbeat still wins it back.
      expect(await runs.renewLease(m, first, 60_000)).toBe(true);
      expect((await runs.acquireLease(m, holder('second'), 60_000)).acquired).toBe(false);
    });

    it('reads the journal back in the order written, per run and by limit', async () => {
      const m = model();
      expect(await runs.readJournal(m)).toEqual([]);
      await runs.appendJournal(m, [
        { runId: 'r1', kind: 'run-start', data: { purpose: 'apply' } },
        { runId: 'r1', kind: 'step-start', changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } },
      ]);
      await runs.appendJournal(m, [{ runId: 'r2', kind: 'run-start' }, { runId: 'r1', kind: 'step-done', changeId: 'config-app', unit: 'app/0' }]);
      await runs.appendJournal(model(), [{ runId: 'elsewhere', kind: 'run-start' }]);
      const all = await runs.readJournal(m);
      expect(all.map((e) => `${e.runId}:${e.kind}`)).toEqual(['r1:run-start', 'r1:step-start', 'r2:run-start', 'r1:step-done']);
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
      expect(new Set(all.map((e) => e.seq)).size).toBe(4);
      for (const e of all) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      const r1 = await runs.readJournal(m, { runId: 'r1' });
      expect(r1.map((e) => e.kind)).toEqual(['run-start', 'step-start', 'step-done']);
      expect(r1[1]).toMatchObject({ changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } });
      expect(r1[2]).not.toHaveProperty('data');
      expect((await runs.readJournal(m, { limit: 2 })).map((e) => `${e.runId}:${e.kind}`)).toEqual(['r2:run-start', 'r1:step-done']);
      expect((await runs.readJournal(m, { runId: 'r1', limit: 1 })).map((e) => e.kind)).toEqual(['step-done']);
    });

    it('writes a fenced batch whole, and a refused one not at all', async () => {
      const m = model();
      const first = fenceOf(await runs.acquireLease(m, holder('first'), 1));
      await runs.appendJournal(m, [{ runId: 'first', kind: 'run-start' }, { runId: 'first', kind: 'step-start', unit: 'app/0' }], first);
      await pastTtl();
      fenceOf(await runs.acquireLease(m, holder('second'), 60_000));
      await expect(runs.appendJournal(m, [{ runId: 'first', kind: 'step-done', unit: 'app/0' }, { runId: 'first', kind: 'run-end' }], first)).rejects.toMatchObject({ code: 'lease-lost' });
      expect((await runs.readJournal(m)).map((e) => e.kind)).toEqual(['run-start', 'step-start']);
    });
  });
}
