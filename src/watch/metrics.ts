import { runOutcomes } from './watch-state.js';
import type { ModelView, StatusSnapshot } from './status-snapshot.js';

/** The content type of the Prometheus text exposition format this renders. */
export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Workload statuses Juju reports. Each is exported for every deployed model even at zero, so an
 * alert on `juju_gitops_units{workload="error"} > 0` sees a series before the first error.
 */
const workloadStatuses = ['active', 'blocked', 'error', 'maintenance', 'waiting', 'unknown'];

type Labels = Record<string, string>;
interface Family {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  samples: { labels: Labels; value: number }[];
}

/** The snapshot in the Prometheus text exposition format 0.0.4. Pure. */
export function renderMetrics(snapshot: StatusSnapshot): string {
  const models = snapshot.models;
  const perModel = (value: (m: ModelView) => number | undefined) =>
    models.flatMap((m) => {
      const v = value(m);
      return v === undefined ? [] : [{ labels: { model: m.name }, value: v }];
    });
  const families: Family[] = [
    {
      name: 'juju_gitops_reconciles_total', type: 'counter', help: 'Reconciles run by the watch, by outcome.',
      samples: models.flatMap((m) => runOutcomes.map((outcome) => ({ labels: { model: m.name, outcome }, value: m.activity.reconciles[outcome] }))),
    },
    { name: 'juju_gitops_units_moved_total', type: 'counter', help: 'Units moved by rollouts the watch ran.', samples: perModel((m) => m.activity.unitsMoved) },
    { name: 'juju_gitops_rollout_failures_total', type: 'counter', help: 'Rollouts the watch ran that stopped on a failed unit.', samples: perModel((m) => m.activity.rolloutFailures) },
    {
      name: 'juju_gitops_last_reconcile_timestamp_seconds', type: 'gauge', help: 'When the watch last finished a reconcile, in seconds since the epoch.',
      samples: perModel((m) => (m.activity.lastReconcile ? Date.parse(m.activity.lastReconcile.at) / 1000 : undefined)),
    },
    {
      name: 'juju_gitops_drift', type: 'gauge', help: '1 when the last drift check found the model differing from the repository, else 0.',
      samples: perModel((m) => (m.activity.drift ? Number(m.activity.drift.changes > 0) : undefined)),
    },
    {
      name: 'juju_gitops_rollout_in_progress', type: 'gauge', help: '1 while the watch is rolling out changes to the model.',
      samples: perModel((m) => Number(Boolean(m.activity.rollout && !m.activity.rollout.outcome))),
    },
    { name: 'juju_gitops_units', type: 'gauge', help: 'Units of the live model, by workload status.', samples: models.flatMap(unitsByWorkload) },
    { name: 'juju_gitops_watch_errors_total', type: 'counter', help: 'Watch runs that failed (a broken commit, an unreachable controller).', samples: [{ labels: {}, value: snapshot.watch.errors }] },
  ];
  return families.map(renderFamily).join('');
}

function unitsByWorkload(model: ModelView): { labels: Labels; value: number }[] {
  if (model.state !== 'deployed') return [];
  const counts = new Map(workloadStatuses.map((s) => [s, 0]));
  for (const unit of model.applications.flatMap((a) => a.units)) counts.set(unit.workload.current, (counts.get(unit.workload.current) ?? 0) + 1);
  return [...counts].map(([workload, value]) => ({ labels: { model: model.name, workload }, value }));
}

function renderFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const { labels, value } of family.samples) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
    lines.push(`${family.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Label values escape backslash, double quote and line feed; HELP text only backslash and line feed. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
