import { formatDuration } from '../../repo/duration.js';
import type { RunRecord } from '../../apply/runs.js';

function duration(ms: number | undefined): string {
  return ms === undefined ? '-' : formatDuration(ms);
}

function planSummary(run: RunRecord): string {
  const s = run.start.summary;
  if (!s) return '-';
  const parts = [
    s.inPlace ? `${s.inPlace} in-place` : '',
    s.restart ? `${s.restart} restart` : '',
    s.destructive ? `${s.destructive} destructive` : '',
    s.removals ? `${s.removals} removal${s.removals === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no changes';
}

function failures(run: RunRecord): string {
  const f = run.end?.failure;
  if (f) return `${f.unit}: ${f.check}: ${f.output.split('\n')[0].slice(0, 60)}${f.rolledBack ? ' (rolled back)' : ''}`;
  if (run.end?.error) return `${run.end.error.changeId ? `${run.end.error.changeId}: ` : ''}${run.end.error.message.split('\n')[0].slice(0, 80)}`;
  if (run.unitsFailed.length) return run.unitsFailed.join(', ');
  if (run.end?.outcome === 'interrupted') return `interrupted${run.end.resumedBy ? `, resumed by ${run.end.resumedBy}` : ''}`;
  return '';
}

function outcome(run: RunRecord): string {
  if (!run.end) return 'running or killed';
  if (run.end.outcome === 'canary') return 'waiting for promotion';
  return run.end.outcome;
}

/** The order `history` lists runs in, as text and as JSON alike: newest first, at most `limit`. */
export function newestRuns(runs: readonly RunRecord[], limit: number): RunRecord[] {
  return runs.slice(-limit).reverse();
}

/** `history`: one row per past reconcile, in the order given (`newestRuns`). */
export function renderHistory(model: string, runs: readonly RunRecord[]): string {
  if (runs.length === 0) return `model ${model}: no reconciles recorded yet\n`;
  const rows = runs.map((r) => [
    r.startedAt.replace('T', ' ').slice(0, 19),
    r.runId,
    r.start.purpose,
    r.start.commit ? `${r.start.commit.slice(0, 12)}${r.start.dirty ? '+dirty' : ''}` : r.start.dirty ? 'uncommitted' : '-',
    planSummary(r),
    outcome(r),
    duration(r.end?.durationMs),
    String(r.end?.unitsMoved ?? r.unitsDone.length),
    failures(r),
  ]);
  const header = ['STARTED', 'RUN', 'BY', 'COMMIT', 'PLAN', 'OUTCOME', 'DURATION', 'MOVED', 'FAILURES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return `model ${model}\n${[line(header), ...rows.map(line)].join('\n')}\n`;
}
