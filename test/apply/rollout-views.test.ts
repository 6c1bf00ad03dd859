import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/apply/apply-plan.js';
import type { RolloutEvent } from '../../src/apply/events.js';
import { summariseRuns } from '../../src/apply/runs.js';
import type { JournalEntry } from '../../src/backends/backend.js';
import { renderEventJson, renderEventLine } from '../../src/cli/views/rollout-lines.js';
import { renderApplyReport } from '../../src/cli/views/rollout-report.js';
import { LiveRolloutTable, renderTable } from '../../src/cli/views/rollout-table.js';
import { newestRuns, renderHistory } from '../../src/cli/views/rollout-history.js';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s)).toISOString();
const runId = '20250101T120000Z-abc123';
const move = { changeId: 'config-appserver', from: 'build_label=v1', to: 'build_label=v2' };

/** A rollout whose second unit fails its http check. */
const events: RolloutEvent[] = [
  { type: 'run-start', at: at(0), runId, model: 'web', commit: '0123456789abcdef', changes: 1 },
  { type: 'change-start', at: at(0), runId, changeId: 'config-appserver', description: 'set options of appserver', classification: 'restart', units: ['appserver/1', 'appserver/0'] },
  { type: 'unit', at: at(0), runId, ...move, unit: 'appserver/1', phase: 'queued', elapsedMs: 0 },
  { type: 'unit', at: at(0), runId, ...move, unit: 'appserver/0', phase: 'queued', elapsedMs: 0 },
  { type: 'unit', at: at(1), runId, ...move, unit: 'appserver/1', phase: 'draining', elapsedMs: 0 },
  { type: 'unit', at: at(1), runId, ...move, unit: 'appserver/1', phase: 'applying', elapsedMs: 100 },
  { type: 'unit', at: at(1), runId, ...move, unit: 'appserver/1', phase: 'settling', elapsedMs: 150 },
  { type: 'wait', at: at(1), runId, what: 'appserver/1 to settle (agent idle, workload active)', unit: 'appserver/1', timeoutMs: 120_000 },
  { type: 'unit', at: at(2), runId, ...move, unit: 'appserver/1', phase: 'done', elapsedMs: 1200 },
  { type: 'unit', at: at(3), runId, ...move, unit: 'appserver/0', phase: 'applying', elapsedMs: 0 },
  { type: 'unit', at: at(3), runId, ...move, unit: 'appserver/0', phase: 'checking', elapsedMs: 300 },
  { type: 'wait', at: at(3), runId, what: 'http://127.0.0.1:8081/health to answer 2xx on appserver/0', unit: 'appserver/0', timeoutMs: 10_000 },
  { type: 'unit', at: at(13), runId, ...move, unit: 'appserver/0', phase: 'failed', elapsedMs: 10_300, detail: 'http: GET http://127.0.0.1:8081/health: HTTP 503' },
  { type: 'check', at: at(13), runId, unit: 'appserver/0', check: 'http', ok: false, output: 'GET http://127.0.0.1:8081/health: HTTP 503\nbuild v2 missing' },
  { type: 'change-failed', at: at(13), runId, changeId: 'config-appserver', message: 'unit appserver/0 failed its http check' },
  { type: 'run-end', at: at(13), runId, model: 'web', outcome: 'failed', durationMs: 13_000, unitsMoved: 2 },
];

const failed: ApplyResult = {
  runId, model: 'web', outcome: 'failed', durationMs: 13_000, unitsMoved: 1, journalWrites: 4, journalClosed: true,
  changes: [{ changeId: 'config-appserver', description: 'set options of appserver', status: 'failed' }],
  units: [
    { unit: 'appserver/1', changeId: 'config-appserver', status: 'done', durationMs: 1200 },
    { unit: 'appserver/0', changeId: 'config-appserver', status: 'failed', durationMs: 10_300 },
    { unit: 'appserver/2', changeId: 'config-appserver', status: 'untouched', durationMs: 0 },
  ],
  failure: { unit: 'appserver/0', changeId: 'config-appserver', check: 'http', output: 'GET http://127.0.0.1:8081/health: HTTP 503\nbuild v2 missing', rolledBack: false },
};

describe('rollout views', () => {
  it('prints one plain line per event, every wait saying what it waits for', async () => {
    await expect(events.map(renderEventLine).filter(Boolean).join('')).toMatchFileSnapshot('golden/rollout-lines.txt');
  });

  it('prints NDJSON that parses back to the events', () => {
    const lines = events.map(renderEventJson).join('').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
  });

  it('draws the live table as unit, old → new, phase, elapsed', async () => {
    const rows = [
      { unit: 'appserver/1', ...move, phase: 'done' as const, elapsedMs: 1200, seenAt: 0 },
      { unit: 'appserver/0', ...move, phase: 'checking' as const, elapsedMs: 300, seenAt: 0 },
      { unit: 'appserver/2', ...move, phase: 'queued' as const, elapsedMs: 0, seenAt: 0 },
    ];
    await expect(`${renderTable(rows, 2000, false).join('\n')}\n`).toMatchFileSnapshot('golden/rollout-table.txt');
  });

  it('redraws the table in place on a terminal', () => {
    let screen = '';
    const table = new LiveRolloutTable({ write: (t) => (screen += t) }, { color: false, now: () => 0 });
    for (const e of events) table.handle(e);
    expect(screen).toContain('\x1b[');
    expect(screen).toContain('reconcile 20250101T120000Z-abc123 failed in 13s');
    expect(screen.split('appserver/0  build_label=v1 → build_label=v2  failed').length).toBeGreaterThan(1);
  });

  it.each([[200, 2], [30, 5]])('erases every screen line it drew, wrapped lines included, on a %i-column terminal', (columns, drawnLines) => {
    const writes: string[] = [];
    const table = new LiveRolloutTable({ write: (t) => void writes.push(t), columns: () => columns, rows: () => 50 }, { color: false, now: () => 0 });
    const unit = { type: 'unit', at: at(0), runId: 'r', changeId: 'config-appserver', from: 'build_label=v1', to: 'build_label=v2', elapsedMs: 0 } as const;
    table.handle({ ...unit, unit: 'appserver/0', phase: 'applying' });
    table.handle({ ...unit, unit: 'appserver/0', phase: 'settling' });
    // Each redraw moves up over exactly the lines the last one took on screen.
    expect(writes[1].split('\x1b[1A').length - 1).toBe(drawnLines);
    table.stop();
  });

  it('keeps the table within the terminal\'s height', () => {
    let screen = '';
    const table = new LiveRolloutTable({ write: (t) => (screen += t), columns: () => 200, rows: () => 4 }, { color: false, now: () => 0 });
    for (let i = 0; i < 10; i += 1) {
      table.handle({ type: 'unit', at: at(0), runId: 'r', changeId: 'c', unit: `app/${i}`, from: 'a', to: 'b', phase: 'queued', elapsedMs: 0 });
    }
    const last = screen.slice(screen.lastIndexOf('\x1b[G') + 3);
    expect(last.split('\n').filter(Boolean).length).toBeLessThanOrEqual(4);
    table.stop();
  });

  it('names the failed unit, the check and its last output in the report', async () => {
    await expect(renderApplyReport(failed)).toMatchFileSnapshot('golden/report-failed.txt');
  });

  it('counts no unit before a first unit that failed without a rollback, though it was moved', () => {
    const first: ApplyResult = {
      ...failed, unitsMoved: 1,
      units: [
        { unit: 'appserver/0', changeId: 'config-appserver', status: 'failed', durationMs: 10_300 },
        { unit: 'appserver/1', changeId: 'config-appserver', status: 'untouched', durationMs: 0 },
      ],
    };
    expect(renderApplyReport(first)).toContain('  0 units moved before it; untouched: appserver/1\n');
  });

  it.each([
    [
      'a backend call that kept failing, with the journal closed',
      { error: { code: 'backend-error', message: 'connect ECONNREFUSED 127.0.0.1:17070', changeId: 'config-appserver' }, journalClosed: true },
      ['model web: the run stopped after 0 changes: connect ECONNREFUSED 127.0.0.1:17070\n'],
    ],
    [
      'a journal that could not take the run\'s end',
      { error: { code: 'backend-error', message: 'disk I/O error' }, journalClosed: false, journalError: 'disk I/O error' },
      ["  the journal could not record this run's end (disk I/O error); the next run closes it as interrupted\n"],
    ],
  ] as const)('reports a run stopped by %s', (_, fields, lines) => {
    const stopped: ApplyResult = { ...failed, failure: undefined, units: [], changes: [{ changeId: 'config-appserver', description: 'set options of appserver', status: 'pending' }], ...fields };
    const report = renderApplyReport(stopped);
    for (const line of lines) expect(report).toContain(line);
  });

  it('lists past runs in history, newest first', async () => {
    const journal: JournalEntry[] = [
      { seq: 1, at: at(0), runId: 'r1', kind: 'run-start', data: { purpose: 'apply', commit: 'aaaaaaaaaaaaaaaa', host: 'h', pid: 1, summary: { inPlace: 2, restart: 1, destructive: 0, removals: 0 } } },
      { seq: 2, at: at(5), runId: 'r1', kind: 'run-end', data: { outcome: 'done', durationMs: 5000, unitsMoved: 4 } },
      { seq: 3, at: at(9), runId: 'r2', kind: 'run-start', data: { purpose: 'watch', commit: 'bbbbbbbbbbbbbbbb', host: 'h', pid: 2, summary: { inPlace: 0, restart: 1, destructive: 0, removals: 0 } } },
      { seq: 4, at: at(20), runId: 'r2', kind: 'run-end', data: { outcome: 'failed', durationMs: 11_000, unitsMoved: 0, failure: failed.failure } },
      { seq: 5, at: at(30), runId: 'r3', kind: 'run-start', data: { purpose: 'watch', commit: 'cccccccccccccccc', host: 'h', pid: 3, summary: { inPlace: 1, restart: 0, destructive: 0, removals: 0 } } },
      { seq: 6, at: at(31), runId: 'r3', kind: 'run-end', data: { outcome: 'failed', durationMs: 1000, unitsMoved: 0, error: { code: 'backend-error', message: 'connect ECONNREFUSED 127.0.0.1:17070', changeId: 'expose-web' } } },
    ];
    await expect(renderHistory('web', newestRuns(summariseRuns(journal), 20))).toMatchFileSnapshot('golden/history.txt');
  });
});
