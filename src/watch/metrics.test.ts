import { describe, expect, it } from 'vitest';
import { fixedSnapshot } from '../../test/watch/fixed-snapshot.js';
import { parseMetrics } from '../../test/watch/parse-metrics.js';
import { escapeLabel, renderMetrics } from './metrics.js';

describe('renderMetrics', () => {
  it('renders a fixed state as the golden exposition', async () => {
    await expect(renderMetrics(fixedSnapshot())).toMatchFileSnapshot('golden/metrics.txt');
  });

  it('is valid text format 0.0.4, every family announced with HELP and TYPE', () => {
    const parsed = parseMetrics(renderMetrics(fixedSnapshot()));
    const families = new Set(parsed.samples.map((s) => s.name));
    for (const name of families) {
      expect(parsed.help[name], name).toBeTruthy();
      expect(parsed.types[name], name).toBeTruthy();
    }
    expect(Object.entries(parsed.types).filter(([n]) => n.endsWith('_total')).every(([, t]) => t === 'counter')).toBe(true);
  });

  it('counts what the watch did per model; the last reconcile is the latest result', () => {
    const m = parseMetrics(renderMetrics(fixedSnapshot()));
    expect(m.value('juju_gitops_reconciles_total', { model: 'web', outcome: 'failed' })).toBe(1);
    expect(m.value('juju_gitops_reconciles_total', { model: 'web', outcome: 'unchanged' })).toBe(1);
    expect(m.value('juju_gitops_reconciles_total', { model: 'db', outcome: 'done' })).toBe(0);
    expect(m.value('juju_gitops_units_moved_total', { model: 'web' })).toBe(1);
    expect(m.value('juju_gitops_rollout_failures_total', { model: 'web' })).toBe(1);
    expect(m.value('juju_gitops_rollout_in_progress', { model: 'web' })).toBe(1);
    expect(m.value('juju_gitops_drift', { model: 'web' })).toBe(0);
    expect(m.value('juju_gitops_drift', { model: 'db' })).toBe(1);
    expect(m.value('juju_gitops_watch_errors_total')).toBe(1);
    expect(m.value('juju_gitops_last_reconcile_timestamp_seconds', { model: 'web' })).toBe(Date.UTC(2025, 0, 1, 12, 0, 32) / 1000);
  });

  it('counts units by workload status, zero included, and only for deployed models', () => {
    const m = parseMetrics(renderMetrics(fixedSnapshot()));
    expect(m.value('juju_gitops_units', { model: 'web', workload: 'active' })).toBe(1);
    expect(m.value('juju_gitops_units', { model: 'web', workload: 'error' })).toBe(1);
    expect(m.value('juju_gitops_units', { model: 'web', workload: 'blocked' })).toBe(0);
    expect(m.samples.filter((s) => s.name === 'juju_gitops_units' && s.labels.model === 'db')).toEqual([]);
  });

  it('leaves out a gauge the watch has no value for yet', () => {
    const m = parseMetrics(renderMetrics(fixedSnapshot()));
    expect(m.samples.some((s) => s.name === 'juju_gitops_last_reconcile_timestamp_seconds' && s.labels.model === 'db')).toBe(false);
  });

  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes the label value %j', (value, escaped) => {
    expect(escapeLabel(value)).toBe(escaped);
  });

  it('round-trips an awkward model name through a scraper', () => {
    const snapshot = fixedSnapshot();
    snapshot.models[0].name = 'we"b\\x\ny';
    expect(parseMetrics(renderMetrics(snapshot)).value('juju_gitops_units_moved_total', { model: 'we"b\\x\ny' })).toBe(1);
  });
});
