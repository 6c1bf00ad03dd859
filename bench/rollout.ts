/**
 * The executor's overhead over a simulated restart: 100 workload-less units, each taking a
 * simulated 200 ms (a timer in the controller, no process) to restart, are rolled with batch 1
 * and batch 10 through the daemon's HTTP API (what the CLI uses). The floor is the sum over
 * batches of that simulated restart; everything above it is the cost of moving a unit at all:
 * API round trips, the journal, and two durable store commits on each unit's path (its move,
 * then its settled status), which this floor leaves out. So the ratio is a diagnostic, shown
 * with the commit time measured on the same disk; the targets are on what the executor
 * controls: API requests and store writes per unit moved (both counted by the controller),
 * and CPU time per unit (executor and controller both run in this process). Then the same
 * with real processes (rollout-real.ts), whose floor comes from the controller's event log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan } from '../src/apply/apply-plan.js';
import { acquireModelLease } from '../src/apply/lease.js';
import { HttpBackend } from '../src/backends/local/http-backend.js';
import { startController } from '../src/backends/local/start-controller.js';
import { openStore } from '../src/controller/store/open-store.js';
import { defaultRolloutPolicy, type ModelConfig } from '../src/model/config.js';
import { buildPlan } from '../src/plan/index.js';
import { runBench, type Report } from './lib/report.js';
import { measureRealRollout } from './rollout-real.js';
import { embeddedControllerCapabilities } from '../src/backends/local/capabilities.js';

const units = 100;
const restartMs = 200;
const model = 'bench';

function writeCharm(dir: string): string {
  const charm = path.join(dir, 'charms/sim');
  fs.mkdirSync(charm, { recursive: true });
  fs.writeFileSync(path.join(charm, 'metadata.yaml'), 'name: sim\nsummary: simulated unit\ndescription: simulated unit\n');
  fs.writeFileSync(path.join(charm, 'config.yaml'), 'options:\n  label:\n    type: string\n    default: v0\n    description: a label\n');
  fs.writeFileSync(path.join(charm, 'workload.yaml'), `restart-delay-ms: ${restartMs}\n`);
  return charm;
}

async function rollTo(backend: HttpBackend, charm: string, label: string, batch: number) {
  const live = await backend.readModel(model);
  const desired = { applications: { app: { charm, num_units: units, options: { label } } } };
  const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model, controller: 'local', prune: false, now: new Date() });
  const config: ModelConfig = {
    name: model, controller: 'local', bundle: 'bundles/bench.yaml', overlays: [], prune: false, secrets: [], applications: {},
    rollout: { ...defaultRolloutPolicy, batch, order: 'ordinal' },
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const lease = await acquireModelLease({ runs: backend.runStore(), backend, model, purpose: 'bench' });
  const result = await applyPlan({ backend: lease.backend, runs: lease.runs, plan, config, events: () => undefined });
  await lease.release();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
}

/** The median time of one durable commit (WAL, synchronous=FULL, as the controller's store) on this disk. */
function durableCommitMs(dir: string): number {
  const store = openStore(path.join(dir, 'commit-probe.db'));
  try {
    const times: number[] = [];
    for (let i = 0; i < 41; i++) {
      const started = performance.now();
      store.run('INSERT INTO events (at, model, kind, subject, data) VALUES (?, ?, ?, ?, ?)', new Date().toISOString(), model, 'probe', null, null);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[20];
  } finally {
    store.close();
  }
}

async function measure(report: Report): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-rollout-'));
  const controller = await startController({ dir: path.join(dir, 'controller'), port: 0 });
  try {
    const charm = writeCharm(dir);
    const token = fs.readFileSync(controller.paths.token, 'utf8').trim();
    const backend = new HttpBackend({ url: controller.url, token });
    await backend.addModel(model);
    await rollTo(backend, charm, 'v1', units);
    await backend.waitForSettled(model, Array.from({ length: units }, (_, i) => `app/${i}`), { timeoutMs: 30_000 });

    const rows: { batch: number; ms: number; cpuMs: number; floor: number; writes: number; requests: number; moved: number }[] = [];
    for (const [i, batch] of [1, 10].entries()) {
      const before = { writes: controller.store.writes, requests: controller.apiRequests() };
      const { ms, cpuMs, result } = await rollTo(backend, charm, `v${i + 2}`, batch);
      if (result.outcome !== 'done') throw new Error(`rollout with batch ${batch} ended ${result.outcome}`);
      const floor = Math.ceil(units / batch) * restartMs;
      rows.push({ batch, ms, cpuMs, floor, writes: controller.store.writes - before.writes, requests: controller.apiRequests() - before.requests, moved: result.unitsMoved });
    }
    const commitMs = durableCommitMs(dir);
    console.log(`executor overhead: rolling restart of ${units} workload-less units, ${restartMs} ms simulated restart each`);
    for (const r of rows) {
      const batches = Math.ceil(units / r.batch);
      console.log(
        `  batch ${String(r.batch).padStart(2)}: ${(r.ms / 1000).toFixed(2)} s total, floor ${(r.floor / 1000).toFixed(2)} s, ` +
          `ratio ${(r.ms / r.floor).toFixed(3)} (${((r.ms - r.floor) / batches).toFixed(1)} ms a batch above it), ` +
          `${r.writes} store writes and ${r.requests} API requests for ${r.moved} units ` +
          `(${(r.writes / r.moved).toFixed(2)} and ${(r.requests / r.moved).toFixed(2)} per unit), ${(r.cpuMs / r.moved).toFixed(1)} ms CPU per unit`,
      );
    }
    console.log(`  a durable store commit takes ${commitMs.toFixed(1)} ms on this disk; each unit waits for two (its move, its settled status), one after the other within a batch`);
    report.metric('rollout_ratio_to_floor', rows[0].ms / rows[0].floor, 'ratio', null);
    report.metric('rollout_commit_ms', commitMs, 'ms', null);
    report.metric('rollout_ratio_to_floor_batch10', rows[1].ms / rows[1].floor, 'ratio', null);
    report.metric('rollout_writes_per_unit', rows[0].writes / rows[0].moved, 'writes', 5);
    report.metric('rollout_requests_per_unit', rows[0].requests / rows[0].moved, 'requests', 4);
    report.metric('rollout_requests_per_unit_batch10', rows[1].requests / rows[1].moved, 'requests', null);
    report.metric('rollout_total_ms', rows[0].ms, 'ms', null);
    report.metric('rollout_cpu_ms_per_unit', rows[0].cpuMs / rows[0].moved, 'ms', null);
  } finally {
    await controller.stop({ stopUnits: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await runBench('rollout', async (report) => {
  await measure(report);
  await measureRealRollout(report);
});
