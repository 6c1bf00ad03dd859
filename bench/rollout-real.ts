/**
 * The rolling restart of real processes: example appserver units (node HTTP servers that take
 * `startupDelayMs` to listen) are moved to a new build through the daemon's HTTP API, with an
 * `http` health check on each. The floor is what the units themselves cost, read from the
 * controller's own event log: for each unit, from the controller recording its move to the
 * controller recording it active (old process stopped, new one started, first probe passed);
 * per batch the slowest unit counts, and the batches add up. Everything above that is the
 * executor's (API calls, journal, noticing the unit is up, its own health check).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan } from '../src/apply/apply-plan.js';
import { acquireModelLease } from '../src/apply/lease.js';
import { HttpBackend } from '../src/backends/local/http-backend.js';
import { findExamples } from '../src/cli/demo/sandbox.js';
import { startController, type RunningController } from '../src/backends/local/start-controller.js';
import { defaultRolloutPolicy, type ModelConfig } from '../src/model/config.js';
import { buildPlan } from '../src/plan/index.js';
import type { Report } from './lib/report.js';
import { embeddedControllerCapabilities } from '../src/backends/local/capabilities.js';

const units = 6;
const startupDelayMs = 1000;
const model = 'bench-real';
const healthCheck = { type: 'http' as const, url: 'http://{address}:{port}/health' };

interface EventRow {
  at: string;
  kind: string;
  subject: string;
  data: string | null;
}

async function rollTo(backend: HttpBackend, charm: string, label: string, batch: number) {
  const live = await backend.readModel(model);
  const desired = { applications: { appserver: { charm, num_units: units, options: { build_label: label, startup_delay_ms: startupDelayMs } } } };
  const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model, controller: 'local', prune: false, now: new Date() });
  const config: ModelConfig = {
    name: model, controller: 'local', bundle: 'bundles/bench.yaml', overlays: [], prune: false, secrets: [], applications: {},
    rollout: { ...defaultRolloutPolicy, batch, order: 'ordinal', healthCheck, healthTimeoutMs: 30_000 },
  };
  const started = performance.now();
  const lease = await acquireModelLease({ runs: backend.runStore(), backend, model, purpose: 'bench' });
  const result = await applyPlan({ backend: lease.backend, runs: lease.runs, plan, config, events: () => undefined });
  await lease.release();
  return { ms: performance.now() - started, result };
}

/**
 * Σ over batches of the slowest unit's move → active, from the controller's event log rows
 * recorded after `sinceSeq`. Units move in ordinal order, `batch` at a time.
 */
function floorFromEvents(controller: RunningController, sinceSeq: number, batch: number): { floorMs: number; perUnit: number[] } {
  const rows = controller.store.all<EventRow>('SELECT at, kind, subject, data FROM events WHERE model = ? AND seq > ? ORDER BY seq', model, sinceSeq);
  const perUnit: number[] = [];
  for (let n = 0; n < units; n++) {
    const unit = `appserver/${n}`;
    const movedAt = rows.findIndex((r) => r.kind === 'move-unit' && r.subject === unit);
    const moved = rows[movedAt];
    const active = rows.slice(movedAt + 1).find((r) => r.kind === 'unit-status' && r.subject === unit && JSON.parse(r.data ?? '{}').workload === 'active');
    if (!moved || !active) throw new Error(`the event log has no move and activation of ${unit}`);
    perUnit.push(Date.parse(active.at) - Date.parse(moved.at));
  }
  let floorMs = 0;
  for (let first = 0; first < units; first += batch) floorMs += Math.max(...perUnit.slice(first, first + batch));
  return { floorMs, perUnit };
}

export async function measureRealRollout(report: Report): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-rollout-real-'));
  const controller = await startController({ dir: path.join(dir, 'controller'), port: 0 });
  try {
    const charm = path.join(findExamples(), 'charms/appserver');
    const token = fs.readFileSync(controller.paths.token, 'utf8').trim();
    const backend = new HttpBackend({ url: controller.url, token });
    await backend.addModel(model);
    const deployed = await rollTo(backend, charm, 'v1', units);
    if (deployed.result.outcome !== 'done') throw new Error(`deploying the appservers ended ${deployed.result.outcome}`);

    const rows: { batch: number; ms: number; floorMs: number; perUnit: number[] }[] = [];
    for (const [i, batch] of [1, 3].entries()) {
      const since = controller.store.get<{ seq: number }>('SELECT max(seq) AS seq FROM events')?.seq ?? 0;
      const { ms, result } = await rollTo(backend, charm, `v${i + 2}`, batch);
      if (result.outcome !== 'done' || result.unitsMoved !== units) throw new Error(`the real rollout with batch ${batch} ended ${result.outcome} after ${result.unitsMoved} units`);
      rows.push({ batch, ms, ...floorFromEvents(controller, since, batch) });
    }
    console.log(`rolling restart of ${units} real appserver units (${startupDelayMs} ms startup delay, http health check)`);
    for (const r of rows) {
      const each = r.perUnit.map((ms) => (ms / 1000).toFixed(2)).join(' ');
      console.log(`  batch ${r.batch}: ${(r.ms / 1000).toFixed(2)} s total, floor ${(r.floorMs / 1000).toFixed(2)} s (move → active per unit: ${each} s), ratio ${(r.ms / r.floorMs).toFixed(3)}`);
    }
    report.metric('rollout_real_ratio_to_floor', rows[0].ms / rows[0].floorMs, 'ratio', 1.05);
    report.metric('rollout_real_ratio_to_floor_batch3', rows[1].ms / rows[1].floorMs, 'ratio', null);
    report.metric('rollout_real_total_ms', rows[0].ms, 'ms', null);
    report.metric('rollout_real_floor_ms', rows[0].floorMs, 'ms', null);
  } finally {
    await controller.stop({ stopUnits: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
