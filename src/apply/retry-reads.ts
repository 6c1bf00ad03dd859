import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import { GitopsError } from '../model/errors.js';
import { abortableSleep as pause } from './abortable-sleep.js';

/** Three attempts, 50 ms then 200 ms apart: enough for a dropped connection, short of hiding an outage. */
export const readRetry = { attempts: 3, firstBackoffMs: 50 } as const;

/** Answers that asking again cannot change. */
const definitive = new Set(['model-not-found', 'unit-not-found', 'lease-lost', 'aborted']);


/**
 * Runs an idempotent read, retrying a failure with growing pauses up to `readRetry.attempts`
 * times; the last failure is thrown. Never used for writes: a write whose answer was lost may
 * have taken effect, and only a fresh read can tell.
 */
export async function retryRead<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const final = error instanceof GitopsError && definitive.has(error.code);
      if (final || attempt >= readRetry.attempts || signal?.aborted) throw error;
      await pause(readRetry.firstBackoffMs * 4 ** (attempt - 1), signal);
    }
  }
}

/** The backend with its reads (model, settle waits) retried; writes go through untouched. */
export function retryingReads(backend: ModelBackend, signal?: AbortSignal): ModelBackend {
  const reads: Pick<ModelBackend, 'readModel' | 'waitForSettled'> = {
    readModel: (model) => retryRead(() => backend.readModel(model), signal),
    waitForSettled: (model, units, opts) => retryRead(() => backend.waitForSettled(model, units, opts), opts.signal ?? signal),
  };
  return Object.assign(Object.create(backend) as ModelBackend, reads);
}

/** The run store with its journal reads retried; appends and lease calls go through untouched. */
export function retryingJournalReads(runs: RunStore, signal?: AbortSignal): RunStore {
  const reads: Pick<RunStore, 'readJournal'> = { readJournal: (model, query) => retryRead(() => runs.readJournal(model, query), signal) };
  return Object.assign(Object.create(runs) as RunStore, reads);
}
