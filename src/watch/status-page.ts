import { escapeHtml, idFor, plural, shortCommit, statusWord, table, time } from './status-html.js';
import { renderModelSection } from './status-model.js';
import type { OfferGraph } from '../offers/index.js';
import { offerEdges } from './status-offers.js';
import { statusPagePolicy, statusScript } from './status-script.js';
import type { ModelView, StatusSnapshot } from './status-snapshot.js';
import { statusStyle } from './status-style.js';
import { syncLabels } from './status-sync.js';

export { escapeHtml } from './status-html.js';

export interface StatusPageOptions {
  /** Seconds between reloads of the page when JavaScript is off (with it, updates arrive as they happen). */
  refreshSeconds: number;
}

/** The Content-Security-Policy the page is served with: its own script and style only. */
export const statusPageSecurityPolicy = statusPagePolicy(statusStyle);

/**
 * The status page: one self-contained document (no external asset) that is complete without
 * JavaScript; with it, `<main>` is replaced by each rendering `/events` pushes. Pure.
 */
export function renderStatusPage(snapshot: StatusSnapshot, opts: StatusPageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<noscript><meta http-equiv="refresh" content="${escapeHtml(opts.refreshSeconds)}"></noscript>
<title>juju-gitops watch</title>
<style>${statusStyle}</style>
</head>
<body>
<header>
<h1>juju-gitops watch</h1>
<span id="live" class="badge stale" role="status">snapshot</span>
<nav class="muted"><a href="/metrics">metrics</a> · <a href="/api/status">json</a></nav>
</header>
<main id="status">
${renderStatusMain(snapshot)}
</main>
<script>${statusScript}</script>
</body>
</html>
`;
}

/** What `<main>` holds: also the payload of each live update. */
export function renderStatusMain(snapshot: StatusSnapshot): string {
  const { watch } = snapshot;
  const meta = `<p class="muted">watching since ${time(watch.startedAt)} · ${plural(watch.errors, 'failed run')} · as of ${time(snapshot.generatedAt)}</p>`;
  const error = watch.lastError ? `<p class="s-error">last run failed at ${time(watch.lastError.at)}: ${escapeHtml(watch.lastError.message)}</p>` : '';
  return [meta, error, overview(snapshot.models), graph(snapshot.offerGraph), ...snapshot.models.map(renderModelSection)].filter(Boolean).join('\n');
}

function overview(models: readonly ModelView[]): string {
  const cards = models.map((m) => {
    const { health, activity } = m;
    const healthText = m.state !== 'deployed'
      ? '<span class="muted">no units</span>'
      : `${health.active}/${health.units} active${health.failing ? `, <span class="s-error">${health.failing} failing</span>` : ''}`;
    const drift = activity.drift ? (activity.drift.changes ? `<span class="s-out-of-sync">${plural(activity.drift.changes, 'change')}</span>` : 'none') : '<span class="muted">not checked yet</span>';
    const applied = m.lastApplied ? `${m.lastApplied.commit ? shortCommit(m.lastApplied.commit) : 'uncommitted'}<br><span class="muted">${time(m.lastApplied.at)}</span>` : '<span class="muted">none yet</span>';
    const rollout = activity.rollout && !activity.rollout.outcome ? `<dt>rollout</dt><dd>${rolloutSummary(activity.rollout)}</dd>` : '';
    return `<li class="card sync-${m.sync}" data-model="${escapeHtml(m.name)}">
<h3><a href="#${idFor('model', m.name)}">${escapeHtml(m.name)}</a></h3>
<p>${statusWord(syncLabels[m.sync])}</p>
<dl><dt>health</dt><dd>${healthText}</dd><dt>applied</dt><dd>${applied}</dd><dt>drift</dt><dd>${drift}</dd>${rollout}</dl>
</li>`;
  });
  return `<h2 id="overview">Models</h2>\n<ul class="cards" aria-labelledby="overview">\n${cards.join('\n')}\n</ul>`;
}

function rolloutSummary(rollout: NonNullable<ModelView['activity']['rollout']>): string {
  const units = Object.values(rollout.units);
  const through = units.filter((u) => u.phase === 'done' || u.phase === 'skipped').length;
  const total = rollout.changes.reduce((n, c) => n + (c.units?.length ?? 0), 0) || units.length;
  return total ? `${through}/${total} units` : 'starting';
}

function graph(offers: OfferGraph): string {
  const edges = offerEdges(offers);
  if (!edges.length) return '';
  return `<h2 id="offers">Cross-model relations</h2>\n${table('Who consumes what: consumer model and saas name, the offer, and the relation status', ['Consumer', 'Offer', 'Offered by', 'Endpoint', 'Status'], edges.map((e) => [
    `${escapeHtml(e.consumer)}${e.saas ? ` <span class="muted">as ${escapeHtml(e.saas)}</span>` : ''}`,
    `<code>${escapeHtml(e.url)}</code>`,
    escapeHtml(e.offerer),
    escapeHtml(e.endpoint ?? ''),
    statusWord(e.status),
  ]))}`;
}
