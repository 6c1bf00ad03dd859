import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import type { ModelBackend } from '../backends/backend.js';
import type { LeaseFence, LeaseHolder, RunStore } from '../backends/run-store.js';
import { ExitCode, GitopsError } from '../model/errors.js';

export interface HeldLease {
  model: string;
  fence: LeaseFence;
  holder: LeaseHolder;
  /**
   * Aborted when a renewal finds the lease lost, so the run stops before acting further; the
   * reason is the store's `lease-lost` error, naming the run that took it.
   */
  lost: AbortSignal;
  /** The backend with every write fenced by this lease: a backend sharing the run store's transactions refuses them once it is lost. */
  backend: ModelBackend;
  /** The run store with every journal append fenced by this lease: refused once it is lost. */
  runs: RunStore;
  /** Set when the lease was taken over from a holder whose process had gone from this host. */
  tookOverFrom?: LeaseHolder;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Where the lease is. */
  runs: RunStore;
  /** The backend whose writes the lease fences. */
  backend: ModelBackend;
  model: string;
  purpose: string;
  commit?: string;
  /** How long a lease lives without a heartbeat; renewed every third of it. */
  ttlMs?: number;
  /** Keep trying this long while someone else holds it; 0 gives up at once. */
  waitMs?: number;
  signal?: AbortSignal;
  onWait?: (what: string, timeoutMs: number) => void;
  /** Told when the lease is taken over from a holder that is gone. */
  onTakeover?: (message: string) => void;
  pid?: number;
  host?: string;
}

export const defaultLeaseTtlMs = 30_000;

export function describeHolder(holder: LeaseHolder): string {
  const commit = holder.commit ? `, commit ${holder.commit.slice(0, 12)}` : '';
  return `${holder.purpose} on host ${holder.host}, pid ${holder.pid}${commit}, since ${holder.since}`;
}

/**
 * Takes the model's lease, waiting for it if asked, and keeps it alive with a heartbeat. A
 * holder that dies stops renewing, so its lease expires after one TTL and the next run can go.
 */
export async function acquireModelLease(opts: AcquireOptions): Promise<HeldLease> {
  const ttlMs = opts.ttlMs ?? defaultLeaseTtlMs;
  const pid = opts.pid ?? process.pid;
  const holder: LeaseHolder = {
    host: opts.host ?? hostname(),
    pid,
    ...(pid === process.pid ? { pidStart: ownStartTime() } : {}),
    commit: opts.commit,
    since: new Date().toISOString(),
    purpose: opts.purpose,
  };
  const giveUpAt = Date.now() + (opts.waitMs ?? 0);
  let announced = false;
  for (;;) {
    const result = await opts.runs.acquireLease(opts.model, holder, ttlMs);
    if (result.acquired) {
      if (result.tookOverFrom) {
        opts.onTakeover?.(`took over the lease on model ${opts.model} from ${describeHolder(result.tookOverFrom)}: that process is gone from this host`);
      }
      return { ...keepAlive(opts, result.fence, holder, ttlMs), ...(result.tookOverFrom ? { tookOverFrom: result.tookOverFrom } : {}) };
    }
    const remaining = giveUpAt - Date.now();
    if (remaining <= 0 || opts.signal?.aborted) {
      throw new GitopsError('lease-held', `model ${opts.model} is being reconciled by ${describeHolder(result.holder)}`, {
        hint:
          opts.waitMs && opts.waitMs > 0
            ? `still held after waiting; it expires at ${result.expiresAt} unless its holder renews it`
            : 'rerun with --wait [TIMEOUT] to wait for it to finish',
        exitCode: ExitCode.leaseHeld,
      });
    }
    if (!announced) {
      opts.onWait?.(`the lease on model ${opts.model}, held by ${describeHolder(result.holder)}`, remaining);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(remaining, Math.max(100, ttlMs / 10), 1000)));
  }
}

function keepAlive(opts: AcquireOptions, fence: LeaseFence, holder: LeaseHolder, ttlMs: number): HeldLease {
  const { runs, model } = opts;
  const lost = new AbortController();
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = runs.renewLease(model, fence, ttlMs).then(
      async (ok) => {
        if (ok || lost.signal.aborted) return;
        // An empty fenced append asks the store who holds the lease now, writing nothing.
        const reason = await runs.appendJournal(model, [], fence).then(
          () => new GitopsError('lease-lost', `lost the lease on model ${model}`, { exitCode: ExitCode.leaseLost }),
          (error: unknown) => error,
        );
        lost.abort(reason);
      },
      // A failed renewal is retried at the next beat; the lease only goes when its TTL passes.
      () => undefined,
    );
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    model,
    fence,
    holder,
    lost: lost.signal,
    backend: fenceWrites(opts.backend, fence),
    runs: fenceAppends(runs, fence),
    async release() {
      clearInterval(timer);
      await renewing;
      await runs.releaseLease(model, fence);
    },
  };
}

/**
 * The backend as a rollout under a lease uses it: every write carries the lease's fence, so a
 * backend that shares the run store's transactions refuses it once another run has taken the
 * lease, whatever this process believes.
 */
export function fenceWrites(backend: ModelBackend, fence: LeaseFence): ModelBackend {
  const fenced: Pick<ModelBackend, 'applyChange' | 'applyUnitChange' | 'setGeneration'> = {
    applyChange: (model, change) => backend.applyChange(model, change, fence),
    applyUnitChange: (model, unit, target) => backend.applyUnitChange(model, unit, target, fence),
    setGeneration: (model, generation) => backend.setGeneration(model, generation, fence),
  };
  // Reads go to the backend itself (its methods keep their `this`).
  return Object.assign(Object.create(backend) as ModelBackend, fenced);
}

/**
 * The run store as a run under a lease uses it: every append proves the lease, so the entry
 * written before each step is refused — and the step not taken — once another run took it.
 */
export function fenceAppends(runs: RunStore, fence: LeaseFence): RunStore {
  const fenced: Pick<RunStore, 'appendJournal'> = { appendJournal: (model, entries) => runs.appendJournal(model, entries, fence) };
  return Object.assign(Object.create(runs) as RunStore, fenced);
}

/**
 * Throws the store's `lease-lost` error when the lease was lost during the run: found by the
 * heartbeat, or by a write the store refused (which the run reports as its `error`). A run that
 * failed for another reason (a dropped connection after a long pause, say) asks the store once,
 * so a holder that was paused past its TTL says it lost the lease rather than "failed".
 */
export async function throwIfLost(lease: HeldLease, result?: { error?: { code: string; message: string; hint?: string } }): Promise<void> {
  if (lease.lost.aborted) throw lease.lost.reason;
  const error = result?.error;
  if (error?.code === 'lease-lost') throw new GitopsError('lease-lost', error.message, { exitCode: ExitCode.leaseLost, ...(error.hint ? { hint: error.hint } : {}) });
  if (!error) return;
  // An empty fenced append writes nothing; it only proves whether the lease is still ours.
  const stillOurs = await lease.runs.appendJournal(lease.model, []).then(
    () => true,
    (e: unknown) => (e as { code?: unknown }).code !== 'lease-lost' || e,
  );
  if (stillOurs !== true) throw stillOurs;
}

/** This process's kernel start time, so a later holder can tell a reused pid from us. */
function ownStartTime(): string | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    // Not Linux: the pid alone decides.
    return undefined;
  }
}
