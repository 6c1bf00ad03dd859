import type { ModelBackend } from '../../src/backends/backend.js';
import type { RunStore } from '../../src/backends/run-store.js';
import { GitopsError } from '../../src/model/errors.js';

/** The calls a rollout makes to the backend and the run store; each can be made to fail. */
export const rolloutMethods = ['readJournal', 'readModel', 'appendJournal', 'applyChange', 'applyUnitChange', 'waitForSettled', 'exec'] as const;
export type RolloutMethod = (typeof rolloutMethods)[number];

/**
 * How a fault behaves: `once` fails the one call (a dropped connection), `from-then-on` fails
 * that call and every later one (the controller went away). `landed` makes a write take
 * effect before it reports failure, as when the answer to a committed write is lost.
 */
export interface Fault {
  method: RolloutMethod;
  /** Zero-based index of the call of `method` that fails first. */
  at: number;
  mode: 'once' | 'from-then-on';
  landed?: boolean;
  /** What the failing call throws; an `injected-fault` error by default. */
  error?: (call: string) => Error;
}

/** The run store's calls among them; the others are the backend's. */
const runStoreMethods = new Set<RolloutMethod>(['readJournal', 'appendJournal']);

export interface FaultyBackend {
  backend: ModelBackend;
  runs: RunStore;
  /** Calls seen per method, failed ones included. */
  calls: Record<RolloutMethod, number>;
  /** How many calls were made to fail. */
  fired: number;
  /** Every unit `applyUnitChange` or `exec` (a hook) was called for, failed calls included: the units touched. */
  touched: string[];
}

/**
 * Wraps the backend and run store so that the fault's method fails at its call index; every
 * other call goes through.
 */
export function faultyBackend(inner: ModelBackend, innerRuns: RunStore, fault: Fault): FaultyBackend {
  const calls = Object.fromEntries(rolloutMethods.map((m) => [m, 0])) as Record<RolloutMethod, number>;
  const state: FaultyBackend = { backend: Object.create(inner) as ModelBackend, runs: Object.create(innerRuns) as RunStore, calls, fired: 0, touched: [] };
  for (const method of rolloutMethods) {
    const target = (runStoreMethods.has(method) ? innerRuns : inner) as unknown as Record<RolloutMethod, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method].bind(target);
    const wrapped = async (...args: unknown[]) => {
      const index = calls[method]++;
      if (method === 'applyUnitChange' || method === 'exec') state.touched.push(args[1] as string);
      const failing = method === fault.method && (fault.mode === 'once' ? index === fault.at : index >= fault.at);
      if (!failing) return original(...args);
      state.fired += 1;
      if (fault.landed) await original(...args);
      const call = `${method} call ${index}`;
      throw fault.error?.(call) ?? new GitopsError('injected-fault', `injected fault: ${call} failed${fault.landed ? ' after taking effect' : ''}`);
    };
    Object.assign(runStoreMethods.has(method) ? state.runs : state.backend, { [method]: wrapped });
  }
  return state;
}
