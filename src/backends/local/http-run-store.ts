import type { JournalEntry, JournalEntryInput, JournalQuery, LeaseFence, LeaseHolder, LeaseResult, RunStore } from '../run-store.js';
import type { RpcMethod } from './api/rpc.js';
import { apiRequest, type ApiTarget } from './api-client.js';

/**
 * Calls whose repetition changes nothing, retried on a stale socket: a renewal sets the expiry
 * again, a release of a released lease does nothing. Taking a lease or appending is not.
 */
const idempotent = new Set<RpcMethod>(['renewLease', 'releaseLease', 'readJournal']);

/** The embedded controller's run store (in its own store) reached over its HTTP API. */
export class HttpRunStore implements RunStore {
  readonly location: string;

  constructor(private readonly target: ApiTarget) {
    this.location = `the controller at ${target.url}`;
  }

  private call<T>(method: RpcMethod, params: unknown[]): Promise<T> {
    return apiRequest<T>(this.target, 'POST', '/v1/rpc', { method, params }, { idempotent: idempotent.has(method) });
  }

  acquireLease(model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult> {
    return this.call('acquireLease', [model, holder, ttlMs]);
  }

  renewLease(model: string, fence: LeaseFence, ttlMs: number): Promise<boolean> {
    return this.call('renewLease', [model, fence, ttlMs]);
  }

  releaseLease(model: string, fence: LeaseFence): Promise<void> {
    return this.call('releaseLease', [model, fence]);
  }

  appendJournal(model: string, entries: JournalEntryInput[], fence?: LeaseFence): Promise<void> {
    return this.call('appendJournal', [model, entries, fence]);
  }

  readJournal(model: string, query?: JournalQuery): Promise<JournalEntry[]> {
    return this.call('readJournal', [model, query ?? {}]);
  }

  /** Requests are independent; there is no connection to close. */
  async close(): Promise<void> {}
}
