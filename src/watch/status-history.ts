import type { RunRecord } from '../apply/runs.js';
import type { JournalEntry } from '../backends/backend.js';

export interface HistoryEvent {
  at: string;
  text: string;
  failed?: boolean;
}

export interface HistoryRow {
  runId: string;
  startedAt: string;
  purpose: string;
  commit?: string;
  outcome: string;
  durationMs?: number;
  unitsMoved: number;
  failure?: string;
  /** What the run's journal recorded, step by step (the newest `eventLimit`). */
  events: HistoryEvent[];
}

/** Journal entries shown per run: enough for a 100-unit rollout's last steps, bounded for the page. */
const eventLimit = 60;

export function historyRow(run: RunRecord, entries: readonly JournalEntry[] = []): HistoryRow {
  const failure = run.end?.failure;
  const error = run.end?.error;
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    purpose: run.start.purpose,
    ...(run.start.commit ? { commit: run.start.commit } : {}),
    outcome: !run.end ? 'running or killed' : run.end.outcome === 'canary' ? 'waiting for promotion' : run.end.outcome,
    ...(run.end ? { durationMs: run.end.durationMs } : {}),
    unitsMoved: run.end?.unitsMoved ?? run.unitsDone.length,
    ...(failure ? { failure: `${failure.unit}: ${failure.check}: ${failure.output.split('\n')[0].slice(0, 80)}${failure.rolledBack ? ' (rolled back)' : ''}` } : {}),
    ...(!failure && error ? { failure: `${error.changeId ? `${error.changeId}: ` : ''}${error.message.split('\n')[0].slice(0, 80)}` } : {}),
    events: entries.filter((e) => e.runId === run.runId).flatMap(describeEntry).slice(-eventLimit),
  };
}

type Step = { changeId?: string; unit?: string; data?: Record<string, unknown> };

const subject = (step: Step) => [step.changeId, step.unit].filter(Boolean).join(' ') || 'run';

/** One journal entry in words; steps a later entry folded in as finished come first. */
export function describeEntry(entry: JournalEntry): HistoryEvent[] {
  const data = entry.data ?? {};
  const folded = [
    ...((data.completed as Step[] | undefined) ?? []).map((step) => ({ at: entry.at, text: `${subject(step)} done` })),
    ...((data.planned as Step[] | undefined) ?? []).map((step) => ({ at: entry.at, text: `${subject(step)} planned for the next batch` })),
  ];
  const own = describeOwn(entry, data);
  return own ? [...folded, { at: entry.at, ...own }] : folded;
}

function describeOwn(entry: JournalEntry, data: Record<string, unknown>): Omit<HistoryEvent, 'at'> | undefined {
  const what = subject(entry);
  switch (entry.kind) {
    case 'run-start':
      return { text: `started by ${String(data.purpose ?? 'apply')}${data.commit ? ` at ${String(data.commit).slice(0, 12)}` : ''}${data.resumes ? `, resuming ${String(data.resumes)}` : ''}` };
    case 'step-planned':
      return { text: `${what} planned for the next batch` };
    case 'step-start':
      return { text: `${what} started` };
    case 'step-done':
      return { text: `${what} ${data.skipped ? 'already at its target, checked' : 'done'}` };
    case 'step-failed':
      return { text: `${what} failed${data.check ? ` its ${String(data.check)} check` : ''}${data.output ? `: ${String(data.output).split('\n')[0].slice(0, 160)}` : ''}${data.rolledBack ? ' (rolled back)' : ''}`, failed: true };
    case 'note':
      if (data.interrupted) return { text: `${what} interrupted` };
      if (data.cancelled) return { text: `${what} not started: the rollout stopped` };
      if (data.state) return { text: `${what}: ${String(data.state)}` };
      return data.message ? { text: String(data.message) } : undefined;
    case 'run-end':
      return {
        text: `ended: ${String(data.outcome ?? '?')}${isRunError(data.error) ? `: ${data.error.message.split('\n')[0].slice(0, 160)}` : ''}`,
        ...(data.outcome === 'failed' ? { failed: true } : {}),
      };
  }
}

function isRunError(value: unknown): value is { message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
