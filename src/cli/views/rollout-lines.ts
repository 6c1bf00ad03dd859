import { formatDuration } from '../../repo/duration.js';
import type { RolloutEvent } from '../../apply/events.js';


function clock(at: string): string {
  return at.slice(11, 19);
}

/**
 * One plain line per event, for logs and CI: a time, the subject, and what happened, with
 * every wait saying what it waits for. Unit lines repeat `old → new` so a line stands alone.
 */
export function renderEventLine(event: RolloutEvent): string | undefined {
  const line = describeEvent(event);
  return line === undefined ? undefined : `${clock(event.at)} ${line}\n`;
}

export function describeEvent(event: RolloutEvent): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `reconcile ${event.runId} of model ${event.model}${event.commit ? ` at ${event.commit.slice(0, 12)}` : ''}: ${event.changes} step${event.changes === 1 ? '' : 's'}${event.resumes ? ` (resuming ${event.resumes})` : ''}`;
    case 'change-start':
      return `${event.changeId}: ${event.description} (${event.classification}${event.units ? `, ${event.units.length} unit${event.units.length === 1 ? '' : 's'}` : ''})`;
    case 'change-done':
      return `${event.changeId}: done`;
    case 'change-failed':
      return `${event.changeId}: failed: ${event.message}`;
    case 'unit':
      if (event.phase === 'queued') return undefined;
      return `${event.unit} ${event.phase}${event.phase === 'done' || event.phase === 'failed' || event.phase === 'skipped' ? ` after ${formatDuration(event.elapsedMs)}` : ''}: ${event.from} → ${event.to}${event.detail ? ` (${event.detail})` : ''}`;
    case 'wait':
      return `waiting for ${event.what}${event.timeoutMs !== undefined ? `, up to ${formatDuration(event.timeoutMs)}` : ''}`;
    case 'check':
      return `${event.unit} ${event.check} check ${event.ok ? 'passed' : 'failed'}${event.output ? `: ${event.output.split('\n').join(' | ')}` : ''}`;
    case 'canary':
      return `canary done on ${event.moved.join(', ')}; waiting for promotion of ${event.remaining.join(', ')}`;
    case 'note':
      return event.message;
    case 'run-end':
      return `reconcile ${event.runId} ${event.outcome} in ${formatDuration(event.durationMs)}, ${event.unitsMoved} unit${event.unitsMoved === 1 ? '' : 's'} moved${event.error ? `: ${event.error.message}` : ''}`;
  }
}

/** `--events ndjson`: one JSON object per line, exactly the event. */
export function renderEventJson(event: RolloutEvent): string {
  return `${JSON.stringify(event)}\n`;
}
