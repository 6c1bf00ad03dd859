import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JournalEntry, JournalEntryInput, JournalQuery, LeaseFence, LeaseHolder, LeaseResult, RunStore } from '../run-store.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { holderIsGone } from '../../controller/host-processes.js';
import { GitCas } from './git-cas.js';

interface StoredLease {
  leaseId: string;
  holder: LeaseHolder;
  expiresAt: string;
  /** Grows by one at every acquisition: a journal write names the token it holds. */
  fence: number;
}

interface State {
  lease: StoredLease | null;
  /** The highest token ever handed out, kept when the lease is released. */
  fence: number;
  /** Who held the lease last, kept when it is released: a stale holder is told who took over. */
  lastHolder?: LeaseHolder;
  seq: number;
}

export interface GitRefRunStoreOptions {
  /** The repository whose remote holds the refs (the GitOps repository). */
  repo: string;
  /** Remote name or URL (default `origin`). */
  remote?: string;
  /** `refs/juju-gitops/<controller>`; each model is a ref below it. */
  controller: string;
  now?: () => Date;
}

const maxAttempts = 50;

/**
 * Leases and journals in a git ref on the repository's remote, `refs/juju-gitops/<controller>/
 * <model>`, so CI runners on different machines coordinate through what they already share.
 * Every change is a commit on that ref (journal entries in the commit message, the lease in
 * `state.json`) pushed with compare-and-swap: a writer that lost a race re-reads and decides
 * again. A journal write carries the lease's fence and is refused once another holder took it.
 * As the SQLite stores do, a lease whose holder ran on this host and is gone is taken at once.
 */
export class GitRefRunStore implements RunStore {
  readonly location: string;
  private readonly cas: GitCas;
  private readonly opts: GitRefRunStoreOptions;
  private readonly now: () => Date;

  constructor(opts: GitRefRunStoreOptions) {
    this.opts = opts;
    this.cas = new GitCas(opts.repo, opts.remote ?? 'origin');
    this.now = opts.now ?? (() => new Date());
    this.location = `refs/juju-gitops/${opts.controller}/<model> on ${opts.remote ?? 'origin'}`;
  }

  ref(model: string): string {
    return `refs/juju-gitops/${this.opts.controller}/${model}`;
  }

  /**
   * Takes the lease unless another holder's lease is within its TTL. A holder on this host whose
   * process is gone (pid dead, or reused: the record carries the process's start time) cannot
   * renew, so its lease is taken over at once; a holder on another host is waited out.
   */
  async acquireLease(model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult> {
    let result: LeaseResult | undefined;
    await this.update(model, (state) => {
      const now = this.now();
      const live = state.lease !== null && new Date(state.lease.expiresAt) > now;
      const gone = live && holderIsGone(state.lease!.holder);
      if (live && !gone) {
        result = { acquired: false, holder: state.lease!.holder, expiresAt: state.lease!.expiresAt };
        return null;
      }
      const previous = gone ? state.lease!.holder : undefined;
      const lease: StoredLease = { leaseId: crypto.randomUUID(), holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString(), fence: state.fence + 1 };
      result = { acquired: true, fence: { leaseId: lease.leaseId, token: lease.fence }, ...(previous ? { tookOverFrom: previous } : {}) };
      const took = previous ? `, taken over from pid ${previous.pid}, which is gone from this host` : '';
      return { state: { ...state, lease, fence: lease.fence, lastHolder: holder }, message: `lease taken by ${holder.purpose} on ${holder.host} (pid ${holder.pid}), fence ${lease.fence}${took}` };
    });
    return result!;
  }

  async renewLease(model: string, fence: LeaseFence, ttlMs: number): Promise<boolean> {
    let renewed = false;
    await this.update(model, (state) => {
      renewed = holds(state, fence);
      if (!renewed || !state.lease) return null;
      return { state: { ...state, lease: { ...state.lease, expiresAt: new Date(this.now().getTime() + ttlMs).toISOString() } }, message: `lease renewed, fence ${state.lease.fence}` };
    });
    return renewed;
  }

  async releaseLease(model: string, fence: LeaseFence): Promise<void> {
    await this.update(model, (state) => (holds(state, fence) ? { state: { ...state, lease: null }, message: `lease released, fence ${state.fence}` } : null));
  }

  /**
   * Appends entries as one commit. With a fence, the write happens only while that fence still
   * holds the lease (`lease-lost` otherwise): a holder that was presumed dead cannot write
   * after its successor started.
   */
  async appendJournal(model: string, entries: JournalEntryInput[], fence?: LeaseFence): Promise<void> {
    if (!entries.length) {
      // Writes nothing, but proves the lease against the remote's current state.
      if (fence) checkFence(model, await this.read(model), fence);
      return;
    }
    await this.update(model, (state) => {
      if (fence) checkFence(model, state, fence);
      const at = this.now().toISOString();
      const written: JournalEntry[] = entries.map((e, i) => ({ ...e, seq: state.seq + i + 1, at }));
      return { state: { ...state, seq: state.seq + entries.length }, message: `journal: ${entries.map((e) => e.kind).join(', ')}\n\n${written.map((e) => JSON.stringify(e)).join('\n')}` };
    });
  }

  async readJournal(model: string, query: JournalQuery = {}): Promise<JournalEntry[]> {
    const head = await this.cas.read(this.ref(model));
    if (!head) return [];
    const entries: JournalEntry[] = [];
    for (const message of await this.cas.messages(head)) {
      if (!message.startsWith('journal:')) continue;
      const lines = message.split('\n').slice(2).filter(Boolean);
      for (const line of lines.reverse()) entries.push(JSON.parse(line) as JournalEntry);
    }
    const picked = entries.filter((e) => !query.runId || e.runId === query.runId).reverse();
    return query.limit ? picked.slice(-query.limit) : picked;
  }

  /** Nothing to free: every operation is its own git process. */
  async close(): Promise<void> {}

  private async read(model: string): Promise<State> {
    return this.stateAt(await this.cas.read(this.ref(model)));
  }

  private async stateAt(head: string | null): Promise<State> {
    return head ? (JSON.parse(await this.cas.file(head, 'state.json')) as State) : { lease: null, fence: 0, seq: 0 };
  }

  /** Read, decide, compare-and-swap; on a lost race, read again. `decide` returning null writes nothing. */
  private async update(model: string, decide: (state: State) => { state: State; message: string } | null): Promise<void> {
    const ref = this.ref(model);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const head = await this.cas.read(ref);
      const state = await this.stateAt(head);
      const next = decide(state);
      if (!next) return;
      const commit = await this.cas.commit(head, { path: 'state.json', content: `${JSON.stringify(next.state, null, 2)}\n` }, next.message);
      if (await this.cas.swap(ref, head, commit)) return;
      await sleep(5 + Math.random() * 20 * Math.min(attempt + 1, 10));
    }
    throw new GitopsError('run-store-contended', `could not update ${ref} after ${maxAttempts} attempts: other writers kept moving it`);
  }
}

function holds(state: State, fence: LeaseFence): boolean {
  return state.lease?.leaseId === fence.leaseId && state.lease.fence === fence.token;
}

/** Refuses a write under a fence that no longer holds the lease, naming who took it. */
function checkFence(model: string, state: State, fence: LeaseFence): void {
  if (holds(state, fence)) return;
  const last = state.lastHolder ? describe(state.lastHolder) : undefined;
  const taker = state.fence === fence.token || !last ? 'nobody: it was released or never taken' : state.lease ? last : `${last}, which has finished since`;
  throw new GitopsError('lease-lost', `lost the lease on model ${model} to ${taker}`, {
    hint: 'this run was paused or cut off longer than the lease lives; the other run carries on, and `juju-gitops history` shows both',
    exitCode: ExitCode.leaseLost,
  });
}

function describe(holder: LeaseHolder): string {
  const commit = holder.commit ? `, commit ${holder.commit.slice(0, 12)}` : '';
  return `${holder.purpose} on host ${holder.host}, pid ${holder.pid}${commit}, since ${holder.since}`;
}
