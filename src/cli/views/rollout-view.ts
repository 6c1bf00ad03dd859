import { formatDuration } from '../../repo/duration.js';
import type { RolloutEvent } from '../../apply/events.js';
import type { RolloutSchedule } from '../../apply/schedule.js';
import { GitopsError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { renderEventJson, renderEventLine } from './rollout-lines.js';
import { LiveRolloutTable } from './rollout-table.js';

export type EventFormat = 'auto' | 'ndjson';

export interface RolloutView {
  events: (event: RolloutEvent) => void;
  /** Where human text (plan, report) goes: stderr when stdout carries NDJSON. */
  say: (text: string) => void;
  stop: () => void;
}

export function parseEventFormat(value: string | undefined): EventFormat {
  if (value === undefined) return 'auto';
  if (value === 'ndjson') return 'ndjson';
  throw new GitopsError('usage', `unknown --events format ${JSON.stringify(value)}`, { hint: 'the only format is ndjson' });
}

/**
 * Picks how events are shown: NDJSON for machines, a live table on a terminal, one plain line
 * per event otherwise (CI logs).
 */
export function rolloutView(ctx: CliContext, format: EventFormat): RolloutView {
  const view = chooseView(ctx, format);
  const tap = ctx.onEvent;
  return tap ? { ...view, events: (e) => (tap(e), view.events(e)) } : view;
}

function chooseView(ctx: CliContext, format: EventFormat): RolloutView {
  if (format === 'ndjson') {
    return { events: (e) => ctx.out(renderEventJson(e)), say: ctx.err, stop: () => undefined };
  }
  if (ctx.isTTY) {
    const table = new LiveRolloutTable(
      { write: ctx.out, columns: () => ctx.terminal?.columns, rows: () => ctx.terminal?.rows },
      { color: Boolean(ctx.color) },
    );
    return { events: (e) => table.handle(e), say: ctx.out, stop: () => table.stop() };
  }
  return {
    events: (e) => {
      const line = renderEventLine(e);
      if (line) ctx.out(line);
    },
    say: ctx.out,
    stop: () => undefined,
  };
}


/** The dry-run picture of a rollout: batches in order, what is held for a canary, and the gates. */
export function renderSchedules(schedules: readonly RolloutSchedule[]): string {
  return schedules
    .map((s) => {
      const check = s.check.type === 'http' ? `http ${s.check.url}` : s.check.type === 'exec' ? `exec \`${s.check.command}\`` : 'status';
      const lines = [`rollout of ${s.application} (${s.changeId}): ${s.batches.length} batch${s.batches.length === 1 ? '' : 'es'}, health ${check} within ${formatDuration(s.healthTimeoutMs)}${s.drain ? ', drain hooks' : ''}${s.pauseMs ? `, ${formatDuration(s.pauseMs)} bake time` : ''}${s.rollback ? ', rollback on failure' : ''}`];
      s.batches.forEach((batch, i) => lines.push(`  ${i + 1}. ${batch.join(', ')}`));
      if (s.held.length) lines.push(`  then wait for promotion; held back: ${s.held.join(', ')}`);
      return `${lines.join('\n')}\n`;
    })
    .join('');
}
