import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseResult } from '../../src/backends/run-store.js';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';
import { raceForLease } from '../helpers/lease-race.js';

const holder = (host: string) => ({ host, pid: 1, since: '2026-01-01T00:00:00.000Z', purpose: 'apply' });
let dir: string;
let remote: string;

/** A clone with the shared bare repository as `origin`, standing in for one CI runner's checkout. */
function runner(name: string): string {
  const repo = path.join(dir, name);
  execFileSync('git', ['init', '--quiet', repo]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
  return repo;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'git-run-store-'));
  remote = path.join(dir, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', remote]);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the git-ref run store', () => {
  it('lets exactly one of many processes racing from different clones take the lease and act', async () => {
    const results = await raceForLease('git-ref', Array.from({ length: 6 }, (_, i) => ({ name: `runner-${i}`, where: runner(`runner-${i}`) })));
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const journal = await new GitRefRunStore({ repo: runner('reader'), controller: 'prod' }).readJournal('web');
    expect(journal.map((e) => [e.runId, e.kind, e.seq])).toEqual([[winners[0].name, 'run-start', 1]]);
  }, 120_000);

  it('takes over at once from a run on this host killed with SIGKILL, without waiting out its 10-minute lease', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hold-lease.ts'), runner('killed')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = (await readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
      const held = JSON.parse(line) as LeaseResult;
      expect(held).toMatchObject({ acquired: true, fence: { token: 1 } });
      const store = new GitRefRunStore({ repo: runner('next'), controller: 'prod' });
      const me = { host: os.hostname(), pid: process.pid, since: new Date().toISOString(), purpose: 'apply' };
      expect(await store.acquireLease('web', me, 30_000)).toMatchObject({ acquired: false, holder: { pid: child.pid } });
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      const taken = await store.acquireLease('web', me, 30_000);
      expect(taken).toMatchObject({ acquired: true, fence: { token: 2 }, tookOverFrom: { pid: child.pid, host: os.hostname() } });
      // The ref's history says so.
      expect(execFileSync('git', ['-C', remote, 'log', '-1', '--format=%s', 'refs/juju-gitops/prod/web']).toString()).toContain(`taken over from pid ${child.pid}, which is gone from this host`);
      if (held.acquired) await expect(store.appendJournal('web', [{ runId: 'killed', kind: 'run-end' }], held.fence)).rejects.toMatchObject({ code: 'lease-lost' });
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses a journal write from a holder whose lease expired and was taken over', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const now = () => clock;
    const first = new GitRefRunStore({ repo: runner('a'), controller: 'prod', now });
    const second = new GitRefRunStore({ repo: runner('b'), controller: 'prod', now });
    const a = await first.acquireLease('web', holder('a'), 30_000);
    expect(a).toMatchObject({ acquired: true, fence: { token: 1 } });
    expect(await second.acquireLease('web', holder('b'), 30_000)).toMatchObject({ acquired: false, holder: { host: 'a' } });
    clock = new Date('2026-01-01T00:01:00Z');
    const b = await second.acquireLease('web', holder('b'), 30_000);
    expect(b).toMatchObject({ acquired: true, fence: { token: 2 } });
    if (!a.acquired || !b.acquired) throw new Error('unreachable');
    await expect(first.appendJournal('web', [{ runId: 'a', kind: 'step-start', unit: 'app/0' }], a.fence)).rejects.toMatchObject({ code: 'lease-lost' });
    expect(await first.renewLease('web', a.fence, 30_000)).toBe(false);
    await second.appendJournal('web', [{ runId: 'b', kind: 'run-start' }], b.fence);
    expect((await first.readJournal('web')).map((e) => e.runId)).toEqual(['b']);
  });

  it('keeps the journal in order per run, with the newest entries under a limit', async () => {
    const store = new GitRefRunStore({ repo: runner('a'), controller: 'prod' });
    await store.appendJournal('web', [{ runId: 'r1', kind: 'run-start' }, { runId: 'r1', kind: 'step-start', changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } }]);
    await store.appendJournal('web', [{ runId: 'r2', kind: 'run-start' }, { runId: 'r1', kind: 'step-done', changeId: 'config-app', unit: 'app/0' }]);
    const r1 = await store.readJournal('web', { runId: 'r1' });
    expect(r1.map((e) => [e.kind, e.seq])).toEqual([['run-start', 1], ['step-start', 2], ['step-done', 4]]);
    expect(r1[1]).toMatchObject({ changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } });
    expect((await store.readJournal('web', { limit: 2 })).map((e) => `${e.runId}:${e.kind}`)).toEqual(['r2:run-start', 'r1:step-done']);
    expect(execFileSync('git', ['-C', remote, 'for-each-ref', '--format=%(refname)']).toString().trim()).toBe('refs/juju-gitops/prod/web');
  });

  it('says when the remote cannot be reached', async () => {
    const repo = runner('lonely');
    execFileSync('git', ['-C', repo, 'remote', 'set-url', 'origin', path.join(dir, 'missing.git')]);
    await expect(new GitRefRunStore({ repo, controller: 'prod' }).acquireLease('web', holder('x'), 1000)).rejects.toMatchObject({ code: 'run-store-unreachable' });
  });
});
