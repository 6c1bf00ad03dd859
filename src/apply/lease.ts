import { hostname } from 'node:os';
import type { LeaseHolder, ModelBackend } from '../backends/backend.js';
import { ExitCode, GitopsError } from '../model/errors.js';

export interface HeldLease {
  leaseId: string;
  holder: LeaseHolder;
  /** Aborted when a renewal finds the lease lost, so the run stops before acting further. */
  lost: AbortSignal;
  release(): Promise<void>;
}

export interface AcquireOptions {
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
  const holder: LeaseHolder = {
    host: opts.host ?? hostname(),
    pid: opts.pid ?? process.pid,
    commit: opts.commit,
    since: new Date().toISOString(),
    purpose: opts.purpose,
  };
  const giveUpAt = Date.now() + (opts.waitMs ?? 0);
  let announced = false;
  for (;;) {
    const result = await opts.backend.acquireLease(opts.model, holder, ttlMs);
    if (result.acquired) return keepAlive(opts.backend, opts.model, result.leaseId, holder, ttlMs);
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

function keepAlive(backend: ModelBackend, model: string, leaseId: string, holder: LeaseHolder, ttlMs: number): HeldLease {
  const lost = new AbortController();
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = backend.renewLease(model, leaseId, ttlMs).then(
      (ok) => {
        if (!ok) lost.abort(new Error(`lost the lease on model ${model}`));
      },
      // A failed renewal is retried at the next beat; the lease only goes when its TTL passes.
      () => undefined,
    );
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    leaseId,
    holder,
    lost: lost.signal,
    async release() {
      clearInterval(timer);
      await renewing;
      await backend.releaseLease(model, leaseId);
    },
  };
}
