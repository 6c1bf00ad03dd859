import type { JournalEntryInput, RunStore } from '../backends/run-store.js';

/** An entry of this run; `runId` is only given to close another (interrupted) run. */
type Entry = Omit<JournalEntryInput, 'runId'> & { runId?: string };

/** A finished step carried inside the next entry written (see `JournalWriter`). */
export interface CompletedStep {
  changeId?: string;
  unit?: string;
  data?: Record<string, unknown>;
}

/**
 * Writes a run's journal with as few store writes as the recovery rules allow. An entry saying
 * a step is about to run must be durable before the step runs, so `before` writes at once. An
 * entry saying a step finished may wait: `after` entries ride along with the next `before`,
 * and a plain `step-done` is folded into the first entry of that write as `data.completed` (a
 * `step-planned` likewise as `data.planned`), so a rollout costs one journal row per unit, not
 * three. A kill between the two leaves a step
 * started and not finished, which the next run treats as "caught mid-change" and checks.
 *
 * A write that fails is not sent again: its answer may have been lost after it was stored, and
 * a second copy would count its steps twice. The writer remembers the failure and refuses every
 * later `before`, so no step runs that the journal could not announce; `close` then makes one
 * last attempt with what was never sent, ending with the run's end.
 */
export class JournalWriter {
  private pending: JournalEntryInput[] = [];
  /** Number of appendJournal calls made. */
  writes = 0;
  /** Number of journal rows written. */
  rows = 0;
  /** The first write that failed; once set, `before` refuses. */
  error?: unknown;

  constructor(
    private readonly runs: Pick<RunStore, 'appendJournal'>,
    private readonly model: string,
    readonly runId: string,
  ) {}

  /** Records steps about to run; resolves once they (and any finished steps) are stored. */
  async before(entries: Entry[]): Promise<void> {
    if (this.error !== undefined) throw this.error;
    this.pending.push(...entries.map((e) => ({ runId: this.runId, ...e })));
    await this.flush();
  }

  /** Records finished steps; stored with the next `before` or `flush`. */
  after(entries: Entry[]): void {
    this.pending.push(...entries.map((e) => ({ runId: this.runId, ...e })));
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const entries = foldCompleted(this.pending, this.runId);
    this.pending = [];
    this.writes += 1;
    this.rows += entries.length;
    try {
      await this.runs.appendJournal(this.model, entries);
    } catch (error) {
      this.error ??= error;
      throw error;
    }
  }

  /** The last write of a run: what is pending plus `entries`, tried once; true when stored. */
  async close(entries: Entry[]): Promise<boolean> {
    this.after(entries);
    return this.flush().then(() => true, () => false);
  }
}

/** Entries of this run that ride inside the next entry of the same write instead of taking a row. */
const folded = { 'step-done': 'completed', 'step-planned': 'planned' } as const;

/**
 * Moves this run's plain `step-done` and `step-planned` entries into the first other entry of
 * this run that follows them, as `data.completed` and `data.planned`.
 */
export function foldCompleted(entries: readonly JournalEntryInput[], runId: string): JournalEntryInput[] {
  const foldable = (e: JournalEntryInput) => e.runId === runId && e.kind in folded;
  const host = entries.findIndex((e, i) => !foldable(e) && e.runId === runId && entries.slice(0, i).some(foldable));
  if (host < 0) return [...entries];
  const riders = entries.slice(0, host).filter(foldable);
  const step = (e: JournalEntryInput): CompletedStep => ({ ...(e.changeId ? { changeId: e.changeId } : {}), ...(e.unit ? { unit: e.unit } : {}), ...(e.data ? { data: e.data } : {}) });
  const data: Record<string, unknown> = { ...entries[host].data };
  for (const [kind, key] of Object.entries(folded)) {
    const steps = riders.filter((e) => e.kind === kind).map(step);
    if (steps.length) data[key] = steps;
  }
  const out = entries.filter((e, i) => !(i < host && foldable(e)));
  out[out.indexOf(entries[host])] = { ...entries[host], data };
  return out;
}
