/**
 * How close a rolling restart comes to its physical floor. 100 workload-less units, each
 * taking a simulated 200 ms to restart, are rolled with batch 1 and batch 10 through the
 * daemon's HTTP API (what the CLI uses). The floor is the sum over batches of the slowest
 * unit's restart; everything above it is the executor's own cost (journal, health gates,
 * polling). Store writes are counted by the controller's store, per unit moved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan } from '../src/apply/apply-plan.js';
import { acquireModelLease } from '../src/apply/lease.js';
import type { ModelBackend } from '../src/backends/backend.js';
import { HttpBackend } from '../src/backends/local/http-backend.js';
import { startController } from '../src/controller/controller.js';
import { defaultRolloutPolicy, type ModelConfig } from '../src/model/config.js';
import { buildPlan } from '../src/plan/index.js';

const units = 100;
const restartMs = 200;
const model = 'bench';

function emit(metric: string, value: number, unit: string, target: number | null): void {
  console.log(JSON.stringify({ bench: 'rollout', metric, value: Number(value.toFixed(3)), unit, target }));
}

function writeCharm(dir: string): string {
  const charm = path.join(dir, 'charms/sim');
  fs.mkdirSync(charm, { recursive: true });
  fs.writeFileSync(path.join(charm, 'metadata.yaml'), 'name: sim\nsummary: simulated unit\ndescription: simulated unit\n');
  fs.writeFileSync(path.join(charm, 'config.yaml'), 'options:\n  label:\n    type: string\n    default: v0\n    description: a label\n');
  fs.writeFileSync(path.join(charm, 'workload.yaml'), `restart-delay-ms: ${restartMs}\n`);
  return charm;
}

async function rollTo(backend: ModelBackend, charm: string, label: string, batch: number) {
  const live = await backend.readModel(model);
  const desired = { applications: { app: { charm, num_units: units, options: { label } } } };
  const plan = buildPlan({ desired, live, model, controller: 'local', prune: false, now: new Date() });
  const config: ModelConfig = {
    name: model, controller: 'local', bundle: 'bundles/bench.yaml', overlays: [], prune: false, secrets: [], applications: {},
    rollout: { ...defaultRolloutPolicy, batch, order: 'ordinal' },
  };
  const started = performance.now();
  const lease = await acquireModelLease({ backend, model, purpose: 'bench' });
  const result = await applyPlan({ backend, plan, config, events: () => undefined });
  await lease.release();
  return { ms: performance.now() - started, result };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-rollout-'));
  const controller = await startController({ dir: path.join(dir, 'controller'), port: 0 });
  try {
    const charm = writeCharm(dir);
    const token = fs.readFileSync(controller.paths.token, 'utf8').trim();
    const backend = new HttpBackend({ url: controller.url, token });
    await backend.addModel(model);
    await rollTo(backend, charm, 'v1', units);
    await backend.waitForSettled(model, Array.from({ length: units }, (_, i) => `app/${i}`), { timeoutMs: 30_000 });

    const rows: { batch: number; ms: number; floor: number; writes: number; moved: number }[] = [];
    for (const [i, batch] of [1, 10].entries()) {
      const before = controller.store.writes;
      const { ms, result } = await rollTo(backend, charm, `v${i + 2}`, batch);
      if (result.outcome !== 'done') throw new Error(`rollout with batch ${batch} ended ${result.outcome}`);
      const floor = Math.ceil(units / batch) * restartMs;
      rows.push({ batch, ms, floor, writes: controller.store.writes - before, moved: result.unitsMoved });
    }
    console.log(`rolling restart of ${units} workload-less units, ${restartMs} ms simulated restart each`);
    for (const r of rows) {
      console.log(
        `  batch ${String(r.batch).padStart(2)}: ${(r.ms / 1000).toFixed(2)} s total, floor ${(r.floor / 1000).toFixed(2)} s, ` +
          `ratio ${(r.ms / r.floor).toFixed(3)}, ${r.writes} store writes for ${r.moved} units (${(r.writes / r.moved).toFixed(2)} per unit)`,
      );
    }
    emit('rollout_ratio_to_floor', rows[0].ms / rows[0].floor, 'ratio', 1.05);
    emit('rollout_ratio_to_floor_batch10', rows[1].ms / rows[1].floor, 'ratio', null);
    emit('rollout_writes_per_unit', rows[0].writes / rows[0].moved, 'writes', 5);
    emit('rollout_total_ms', rows[0].ms, 'ms', null);
  } finally {
    await controller.stop({ stopUnits: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
