import type { ApplicationView, HistoryRow, ModelView, StatusSnapshot, UnitView } from './status-snapshot.js';
import type { RolloutProgress } from './watch-state.js';

export interface StatusPageOptions {
  /** Seconds between reloads of the page. */
  refreshSeconds: number;
}

/** Everything interpolated into the page goes through here: names, messages and values come from outside. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}
table{border-collapse:collapse;margin:.3em 0}th,td{text-align:left;padding:.15em .7em .15em 0;vertical-align:top}
th{font-weight:600;border-bottom:1px solid #ddd}code{font-size:.95em}.muted{color:#777}
.active,.done,.idle,.unchanged{color:#17692b}.error,.failed,.blocked,.aborted{color:#b00020;font-weight:600}
.maintenance,.waiting,.executing,.running,.canary{color:#8a5a00}.old{color:#b00020}`;

/** The read-only status page: one section per model. Pure; reloads itself every few seconds. */
export function renderStatusPage(snapshot: StatusSnapshot, opts: StatusPageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${escapeHtml(opts.refreshSeconds)}">
<title>juju-gitops watch</title>
<style>${style}</style>
</head>
<body>
<h1>juju-gitops watch</h1>
<p class="muted">watching since ${time(snapshot.watch.startedAt)} · ${snapshot.watch.errors} failed run${snapshot.watch.errors === 1 ? '' : 's'} · as of ${time(snapshot.generatedAt)} · <a href="/metrics">metrics</a> · <a href="/api/status">json</a></p>
${snapshot.watch.lastError ? `<p class="error">last run failed at ${time(snapshot.watch.lastError.at)}: ${escapeHtml(snapshot.watch.lastError.message)}</p>\n` : ''}${snapshot.models.map(modelSection).join('\n')}
</body>
</html>
`;
}

function modelSection(model: ModelView): string {
  const { activity } = model;
  const facts = [
    activity.lastReconcile ? `last reconcile ${span(activity.lastReconcile.outcome)} at ${time(activity.lastReconcile.at)}` : 'no reconcile yet',
    activity.drift ? (activity.drift.changes ? `<span class="failed">drift: ${activity.drift.changes} change${activity.drift.changes === 1 ? '' : 's'}</span>` : 'no drift') : 'drift not checked yet',
    `${activity.unitsMoved} unit${activity.unitsMoved === 1 ? '' : 's'} moved`,
  ];
  const parts = [`<section id="model-${escapeHtml(model.name)}">`, `<h2>model ${escapeHtml(model.name)}</h2>`, `<p>${facts.join(' · ')}</p>`];
  if (activity.lastError) parts.push(`<p class="error">last run failed at ${time(activity.lastError.at)}: ${escapeHtml(activity.lastError.message)}</p>`);
  if (model.state === 'not-deployed') parts.push('<p class="muted">not deployed yet</p>');
  if (model.state === 'unreachable') parts.push(`<p class="error">live model unreadable: ${escapeHtml(model.error ?? '')}</p>`);
  if (model.generation) parts.push(`<p>open generation <code>${escapeHtml(model.generation.name)}</code> changes ${model.generation.applications.map(escapeHtml).join(', ') || 'nothing yet'}</p>`);
  if (model.applications.length) parts.push(unitsTable(model.applications, activity.rollout));
  if (activity.rollout) parts.push(rolloutSection(activity.rollout));
  parts.push(historyTable(model.history), '</section>');
  return parts.join('\n');
}

function unitsTable(apps: readonly ApplicationView[], rollout: RolloutProgress | undefined): string {
  const rows = apps.flatMap((app) => app.units.map((unit) => unitRow(unit, rollout && !rollout.outcome ? rollout.units[unit.name]?.phase : undefined)));
  return table(['Unit', 'Workload', 'Agent', 'Build', 'Generation', 'Rollout', 'Message'], rows);
}

function unitRow(unit: UnitView, phase: string | undefined): string[] {
  const message = [unit.old ? '<span class="old">[old]</span>' : '', escapeHtml(unit.workload.message ?? '')].filter(Boolean).join(' ');
  return [
    `${escapeHtml(unit.name)}${unit.leader ? '*' : ''}`,
    span(unit.workload.current),
    span(unit.agent.current),
    build(unit.applied),
    unit.generation ? escapeHtml(unit.generation) : '<span class="muted">-</span>',
    phase ? span(phase) : '',
    message,
  ];
}

function build(applied: UnitView['applied']): string {
  const charm = `${applied.charm}${applied.revision !== undefined ? ` rev ${applied.revision}` : ''}${applied.channel ? ` (${applied.channel})` : ''}`;
  const options = Object.entries(applied.options).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${escapeHtml(charm)}${options.length ? `<br><code>${escapeHtml(options.join(' '))}</code>` : ''}`;
}

function rolloutSection(rollout: RolloutProgress): string {
  const title = rollout.outcome
    ? `last rollout <code>${escapeHtml(rollout.runId)}</code>: ${span(rollout.outcome)} at ${time(rollout.endedAt ?? rollout.startedAt)}`
    : `rollout in progress <code>${escapeHtml(rollout.runId)}</code> since ${time(rollout.startedAt)}`;
  const commit = rollout.commit ? ` (commit <code>${escapeHtml(rollout.commit.slice(0, 12))}</code>)` : '';
  const waiting = rollout.waiting && !rollout.outcome ? `<p class="muted">waiting for ${escapeHtml(rollout.waiting)}</p>` : '';
  const changes = rollout.changes.map((c) => [escapeHtml(c.description), escapeHtml(c.classification), span(c.state)]);
  const units = Object.entries(rollout.units).map(([name, u]) => [escapeHtml(name), span(u.phase), escapeHtml(u.from), escapeHtml(u.to), escapeHtml(u.detail ?? '')]);
  return [
    `<h3>${title}${commit}</h3>`,
    waiting,
    changes.length ? table(['Change', 'Kind', 'State'], changes) : '',
    units.length ? table(['Unit', 'Phase', 'From', 'To', 'Detail'], units) : '',
  ].filter(Boolean).join('\n');
}

function historyTable(history: readonly HistoryRow[]): string {
  if (!history.length) return '<h3>history</h3>\n<p class="muted">no reconciles recorded yet</p>';
  const rows = history.map((r) => [
    time(r.startedAt),
    `<code>${escapeHtml(r.runId)}</code>`,
    escapeHtml(r.purpose),
    r.commit ? `<code>${escapeHtml(r.commit.slice(0, 12))}</code>` : '-',
    span(r.outcome),
    r.durationMs === undefined ? '-' : `${(r.durationMs / 1000).toFixed(1)}s`,
    String(r.unitsMoved),
    escapeHtml(r.failure ?? ''),
  ]);
  return `<h3>history</h3>\n${table(['Started', 'Run', 'By', 'Commit', 'Outcome', 'Duration', 'Moved', 'Failure'], rows)}`;
}

/** Cells are already escaped HTML. */
function table(header: readonly string[], rows: readonly string[][]): string {
  const head = `<tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  return `<table>\n${head}\n${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}\n</table>`;
}

function span(status: string): string {
  return `<span class="${escapeHtml(status.replace(/[^a-z-]/g, '-'))}">${escapeHtml(status)}</span>`;
}

function time(iso: string): string {
  return escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
}
