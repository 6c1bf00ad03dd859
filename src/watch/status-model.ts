import { formatDuration } from '../repo/duration.js';
import { escapeHtml, idFor, plural, shortCommit, statusWord, table, time } from './status-html.js';
import type { PendingChangeView } from './status-pending.js';
import { renderFailure, renderRollout } from './status-rollout.js';
import type { ApplicationView, HistoryRow, ModelView, UnitView } from './status-snapshot.js';
import { syncLabels } from './status-sync.js';

/** One model's section: the rollout, what is pending, the generation, units, offers and history. */
export function renderModelSection(model: ModelView): string {
  const { activity } = model;
  const parts = [`<section id="${idFor('model', model.name)}" aria-labelledby="${idFor('h', model.name)}">`];
  parts.push(`<h2 id="${idFor('h', model.name)}">Model ${escapeHtml(model.name)} ${statusWord(syncLabels[model.sync])}</h2>`);
  if (activity.lastError) parts.push(`<p class="s-error">last run failed at ${time(activity.lastError.at)}: ${escapeHtml(activity.lastError.message)}</p>`);
  if (model.state === 'not-deployed') parts.push('<p class="muted">not deployed yet</p>');
  if (model.state === 'unreachable') parts.push(`<p class="s-error">live model unreadable: ${escapeHtml(model.error ?? '')}</p>`);
  if (activity.rollout) parts.push(renderRollout(activity.rollout, model.name));
  const failure = activity.lastFailure;
  if (failure && failure.runId !== activity.rollout?.runId) parts.push(`<h3>Last failure</h3>\n${renderFailure(failure, failure)}`);
  parts.push(pendingSection(model));
  if (model.generation) parts.push(generationSection(model.generation));
  if (model.applications.length) parts.push(unitsTable(model.applications, activity.rollout && !activity.rollout.outcome ? activity.rollout.units : {}));
  if (model.offers.length || model.saas.length) parts.push(offersSection(model));
  parts.push(historySection(model.name, model.history), '</section>');
  return parts.join('\n');
}

function pendingSection(model: ModelView): string {
  const pending = model.pending;
  if (!pending) return '<h3>Pending changes</h3>\n<p class="muted">not planned yet: the first drift check or reconcile will tell</p>';
  const count = pending.changes.length + pending.removals.length;
  if (!count) return `<h3>Pending changes</h3>\n<p>none: the model matched the repository at ${time(pending.at)}</p>`;
  const list = (changes: PendingChangeView[]) =>
    `<ol>\n${changes.map((c) => `<li><code>${escapeHtml(c.id)}</code> ${statusWord(c.classification)} ${escapeHtml(c.description)}${c.details.length ? `<br><code>${c.details.map(escapeHtml).join('<br>')}</code>` : ''}</li>`).join('\n')}\n</ol>`;
  return [
    `<h3>Pending changes <span class="muted">(${plural(count, 'change')}, planned at ${time(pending.at)})</span></h3>`,
    pending.changes.length ? list(pending.changes) : '',
    pending.removals.length ? `<p>removals (prune):</p>\n${list(pending.removals)}` : '',
  ].filter(Boolean).join('\n');
}

function generationSection(generation: NonNullable<ModelView['generation']>): string {
  const rows = generation.progress.map((p) => {
    const total = p.tracking.length + p.behind.length;
    return [
      escapeHtml(p.application),
      `<progress max="${total}" value="${p.tracking.length}" aria-label="${escapeHtml(p.application)}: ${p.tracking.length} of ${total} units track ${escapeHtml(generation.name)}">${p.tracking.length}/${total}</progress> ${p.tracking.length}/${total}`,
      escapeHtml(p.tracking.join(', ')) || '<span class="muted">none yet</span>',
      p.behind.map((u) => `${escapeHtml(u)} <span class="s-old">[old]</span>`).join(', ') || '<span class="muted">none</span>',
    ];
  });
  const body = rows.length ? table(`Units moved to generation ${escapeHtml(generation.name)}`, ['Application', 'Progress', 'Tracking', 'Behind'], rows) : '<p class="muted">nothing staged yet</p>';
  return `<h3>Generation <code>${escapeHtml(generation.name)}</code></h3>\n${body}`;
}

function unitsTable(apps: readonly ApplicationView[], phases: Record<string, { phase: string }>): string {
  const units = apps.flatMap((app) => app.units);
  const rows = units.map((unit) => unitRow(unit, phases[unit.name]?.phase));
  return `<h3>Units</h3>\n${table('Every unit: statuses, what it runs (secrets masked), generation', ['Unit', 'Workload', 'Agent', 'Build', 'Generation', 'Rollout', 'Message'], rows, units.map((u) => `data-live-unit="${escapeHtml(u.name)}"`))}`;
}

function unitRow(unit: UnitView, phase: string | undefined): string[] {
  const message = [
    unit.old ? '<span class="s-old">[old]</span>' : '',
    unit.drift ? `<span class="s-out-of-sync">${escapeHtml(unit.drift)}</span>` : '',
    escapeHtml(unit.workload.message ?? ''),
  ].filter(Boolean).join(' ');
  const applied = unit.applied;
  const charm = `${applied.charm}${applied.revision !== undefined ? ` rev ${applied.revision}` : ''}${applied.channel ? ` (${applied.channel})` : ''}`;
  const options = Object.entries(applied.options).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [
    `${escapeHtml(unit.name)}${unit.leader ? '<span title="leader">*</span>' : ''}`,
    statusWord(unit.workload.current),
    statusWord(unit.agent.current),
    `${escapeHtml(charm)}${options.length ? `<br><code>${escapeHtml(options.join(' '))}</code>` : ''}`,
    unit.generation ? escapeHtml(unit.generation) : '<span class="muted">-</span>',
    phase ? statusWord(phase) : '',
    message,
  ];
}

function offersSection(model: ModelView): string {
  const parts = ['<h3>Offers and consumed offers</h3>'];
  if (model.offers.length) {
    parts.push(table('What this model offers, and who consumes it', ['Offer', 'Application', 'Endpoints', 'Access', 'Consumers'], model.offers.map((o) => [
      `${escapeHtml(o.name)}<br><code>${escapeHtml(o.url)}</code>`,
      escapeHtml(o.application),
      escapeHtml(o.endpoints.join(', ')),
      escapeHtml(o.access.join(', ')),
      o.consumers.map((c) => `${escapeHtml(c.model)} (${escapeHtml(c.endpoint)}, ${statusWord(c.status)})`).join('<br>') || '<span class="muted">none</span>',
    ])));
  }
  if (model.saas.length) parts.push(table('What this model consumes', ['SAAS', 'Offer URL'], model.saas.map((s) => [escapeHtml(s.name), `<code>${escapeHtml(s.url)}</code>`])));
  return parts.join('\n');
}

function historySection(model: string, history: readonly HistoryRow[]): string {
  if (!history.length) return '<h3>History</h3>\n<p class="muted">no reconciles recorded yet</p>';
  const rows = history.map((r) => [
    time(r.startedAt),
    escapeHtml(r.purpose),
    r.commit ? shortCommit(r.commit) : '-',
    statusWord(r.outcome),
    r.durationMs === undefined ? '-' : formatDuration(r.durationMs),
    String(r.unitsMoved),
    escapeHtml(r.failure ?? ''),
    r.events.length
      ? `<details id="${idFor('run', model, r.runId)}"><summary>${plural(r.events.length, 'event')} of <code>${escapeHtml(r.runId)}</code></summary><ol>\n${r.events.map((e) => `<li${e.failed ? ' class="s-failed"' : ''}>${escapeHtml(e.at.slice(11, 19))} ${escapeHtml(e.text)}</li>`).join('\n')}\n</ol></details>`
      : `<code>${escapeHtml(r.runId)}</code>`,
  ]);
  return `<h3>History</h3>\n${table('Reconciles of this model, newest first', ['Started', 'By', 'Commit', 'Outcome', 'Duration', 'Moved', 'Failure', 'Run'], rows)}`;
}
