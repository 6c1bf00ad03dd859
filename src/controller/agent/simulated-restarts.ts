import type { ModelRow, UnitRow } from '../store/rows.js';
import type { Store } from '../store/store.js';

/**
 * Units of a charm with no process (`restart-delay-ms` without a command): after a change each
 * settles once its simulated restart time has passed, which is how large models and rehearsals
 * behave like real ones without running anything.
 */
export class SimulatedRestarts {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly on: {
      /** A unit of the model has settled. */
      settled: (model: string) => void;
      /** A unit changed again while it was restarting: its restart starts over. */
      resync: (model: string) => void;
    },
  ) {}

  /** Starts the simulated restart of a unit that is allocating or executing, unless one runs. */
  schedule(model: ModelRow, key: string, row: Pick<UnitRow, 'model_id' | 'application' | 'number' | 'applied' | 'agent'>, delayMs: number): void {
    if (this.stopped || this.timers.has(key) || (row.agent !== 'allocating' && row.agent !== 'executing')) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.stopped) return;
      const now = new Date().toISOString();
      const settled = this.store.run(
        `UPDATE units SET workload = 'active', workload_message = NULL, workload_since = ?, agent = 'idle', agent_since = ?
         WHERE model_id = ? AND application = ? AND number = ? AND applied = ?`,
        now, now, row.model_id, row.application, row.number, row.applied,
      );
      if (settled.changes) this.on.settled(model.name);
      else this.on.resync(model.name);
    }, delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Cancels the pending restarts of one model, but those of the units in `keep`. */
  cancel(modelId: number, keep: ReadonlySet<string> = new Set()): void {
    for (const [key, timer] of this.timers) {
      if (!key.startsWith(`${modelId}:`) || keep.has(key)) continue;
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  /** Cancels everything; nothing is scheduled after this. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
