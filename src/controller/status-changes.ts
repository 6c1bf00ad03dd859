import { GitopsError } from '../model/errors.js';

/**
 * Wakes whoever waits on a model's units when one of their statuses changes. The controller
 * makes every status write itself (the agent when a workload starts, passes its first probe
 * or exits; a simulated restart when its time is up; a model operation when a unit is given
 * something new to run), so "tell me when these units settle" is answered by those writes
 * instead of by a client asking again and again.
 */
export class StatusChanges {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private closed = false;

  /** Wakes every waiter of the model; called after the write, so they read the new status. */
  notify(model: string): void {
    const waiting = this.waiters.get(model);
    if (!waiting) return;
    this.waiters.delete(model);
    for (const waiter of waiting) waiter.wake();
  }

  /**
   * Resolves at the model's next status change, when `timeoutMs` has passed or the signal
   * aborts, whichever comes first. The waiter is registered before this returns, so a caller
   * that reads the store and then calls this, in one synchronous step, misses no change.
   * Rejects (`controller-stopped`) when the controller stops while it waits.
   */
  next(model: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    if (this.closed) return Promise.reject(stopped());
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.waiters.get(model)?.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => finish();
      const waiter: Waiter = { wake: () => finish(), stop: () => finish(stopped()) };
      const timer = setTimeout(onAbort, Math.max(0, opts.timeoutMs));
      if (opts.signal?.aborted) return finish();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let waiting = this.waiters.get(model);
      if (!waiting) this.waiters.set(model, (waiting = new Set()));
      waiting.add(waiter);
    });
  }

  /** Ends every wait with `controller-stopped`; later waits are refused the same way. */
  close(): void {
    this.closed = true;
    const all = [...this.waiters.values()].flatMap((set) => [...set]);
    this.waiters.clear();
    for (const waiter of all) waiter.stop();
  }
}

interface Waiter {
  wake(): void;
  stop(): void;
}

function stopped(): GitopsError {
  return new GitopsError('controller-stopped', 'the controller stopped while waiting for units to settle', {
    hint: 'start it again with `juju-gitops controller start`; the next run picks up where this one stopped',
  });
}
