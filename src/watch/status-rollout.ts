import { formatDuration } from '../repo/duration.js';
import type { RolloutFailure } from '../apply/events.js';
import type { RolloutProgress, UnitProgress } from './watch-state.js';
import { clock, escapeHtml, shortCommit, statusWord, table, time } from './status-html.js';

const finished = new Set(['done', 'skipped', 'failed']);

/**
 * The model's latest rollout: per change a progress bar over its units, each unit's phase, and
 * the failing check's output in full when a unit failed.
 */
export function renderRollout(rollout: RolloutProgress, model: string): string {
  const running = !rollout.outcome;
  const commit = rollout.commit ? ` of ${shortCommit(rollout.commit)}` : '';
  const heading = running
    ? `Rollout in progress${commit} <span class="muted">since ${time(rollout.startedAt)}, run <code>${escapeHtml(rollout.runId)}</code></span>`
    : `Last rollout${commit}: ${statusWord(rollout.outcome === 'canary' ? 'waiting for promotion' : rollout.outcome!)} <span class="muted">at ${time(rollout.endedAt ?? rollout.startedAt)}, run <code>${escapeHtml(rollout.runId)}</code></span>`;
  const parts = [`<h3 id="rollout-${escapeHtml(model)}">${heading}</h3>`];
  if (running && rollout.waiting) parts.push(`<p class="muted" aria-live="polite">waiting for ${escapeHtml(rollout.waiting)}</p>`);
  parts.push(...rollout.changes.map((change) => changeProgress(change, rollout.units)));
  const units = Object.entries(rollout.units);
  if (units.length) {
    parts.push(table(
      'Units of this rollout, in the order they were reached',
      ['Unit', 'Phase', 'Change', 'From', 'To', 'Since', 'Detail'],
      units.map(([name, u]) => unitRow(name, u)),
      units.map(([name]) => `data-unit="${escapeHtml(name)}"`),
    ));
  }
  if (rollout.failure) parts.push(renderFailure(rollout.failure));
  if (rollout.canary) parts.push(`<p>canary in place on ${escapeHtml(rollout.canary.moved.join(', '))}; held back for <code>promote</code>: ${escapeHtml(rollout.canary.remaining.join(', '))}</p>`);
  if (rollout.outcome && rollout.unitsMoved !== undefined && rollout.endedAt) {
    parts.push(`<p class="muted">${rollout.unitsMoved} unit${rollout.unitsMoved === 1 ? '' : 's'} moved in ${formatDuration(Date.parse(rollout.endedAt) - Date.parse(rollout.startedAt))}</p>`);
  }
  return parts.join('\n');
}

function changeProgress(change: RolloutProgress['changes'][number], units: Record<string, UnitProgress>): string {
  const label = `${escapeHtml(change.description)} <span class="muted">(${escapeHtml(change.classification)})</span>`;
  const message = change.message ? ` <span class="muted">${escapeHtml(change.message)}</span>` : '';
  if (!change.units?.length) return `<div class="change">${label}: ${statusWord(change.state)}${message}</div>`;
  const done = change.units.filter((u) => units[u]?.changeId === change.id && finished.has(units[u].phase)).length;
  const total = change.units.length;
  return `<div class="change">${label}: ${statusWord(change.state)}${message}<br>`
    + `<progress max="${total}" value="${done}" aria-label="${escapeHtml(change.description)}: ${done} of ${total} units through">${done}/${total}</progress> `
    + `<span>${done} of ${total} units through</span></div>`;
}

function unitRow(name: string, u: UnitProgress): string[] {
  const failing = u.check && !u.check.ok ? `<pre>${escapeHtml(`${u.check.kind} check: ${u.check.output || '(no output)'}`)}</pre>` : '';
  return [
    escapeHtml(name),
    `<span class="phase" data-phase="${escapeHtml(u.phase)}">${statusWord(u.phase)}</span>`,
    escapeHtml(u.changeId),
    `<code>${escapeHtml(u.from)}</code>`,
    `<code>${escapeHtml(u.to)}</code>`,
    clock(u.at),
    `${escapeHtml(u.detail ?? '')}${failing}`,
  ];
}

/** The unit that stopped a rollout, the check, and everything the check last said. */
export function renderFailure(f: RolloutFailure, run?: { runId: string; at: string }): string {
  const when = run ? ` <span class="muted">in run <code>${escapeHtml(run.runId)}</code> at ${time(run.at)}</span>` : '';
  return `<div class="failure" role="alert"><h4>${escapeHtml(f.unit)} failed its ${escapeHtml(f.check)} check${when}</h4>`
    + `<pre data-failure-output>${escapeHtml(f.output || '(no output)')}</pre>`
    + `<p>${escapeHtml(f.unit)} ${f.rolledBack ? 'was rolled back to what it ran before' : 'was left as it is'}; no unit after it was touched.</p></div>`;
}
