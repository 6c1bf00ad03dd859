// Benchmark of export, import and migration. Part one moves a 1,000-application /
// 10,000-unit model between two embedded stores: export + import + validation (the target
// exported again and compared field by field), against a floor that copies the same rows
// store to store in SQL with nothing checked. Part two migrates the appserver model (three
// appservers behind haproxy) between two running controllers under load and counts failed
// requests and restarted unit processes; its negative control moves the model without
// handing over the processes (the target starts its own), which must show restarts, or the
// restart count is blind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LocalBackend } from '../src/backends/local/local-backend.js';
import { isSecretOption } from '../src/model/secrets.js';
import { startLoad } from '../src/cli/demo/load.js';
import { CharmCatalogue } from '../src/controller/charms/catalogue.js';
import { startController } from '../src/backends/local/start-controller.js';
import { openStore } from '../src/controller/store/open-store.js';
import { compareExports } from '../src/migrate/compare-exports.js';
import { exportModel } from '../src/migrate/export-model.js';
import { migrateModel } from '../src/migrate/migrate.js';
import type { ModelExport } from '../src/model/export.js';
import type { LiveModel } from '../src/model/live.js';
import { buildPlan } from '../src/plan/index.js';
import { runBench } from './lib/report.js';
import { timeRuns } from './lib/timing.js';
import { freePort } from '../src/cli/demo/sandbox.js';
import { embeddedControllerCapabilities } from '../src/backends/local/capabilities.js';

const applications = 1_000;
const unitsPerApplication = 10;
const charms = path.resolve(import.meta.dirname, '../examples/charms');
const exportOf = (live: LiveModel) =>
  exportModel(live, { exportedAt: new Date().toISOString(), kind: 'local', isSecret: (_a, o) => isSecretOption(o), revealSecrets: true });

await runBench('migrate', async (report) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-migrate-'));
  try {
    const big = await bigModel(dir);
    const live = await runLive(dir);
    console.log(`migrate benchmark`);
    console.log(`  ${applications * unitsPerApplication} units (CPU time): export ${big.exportMs.toFixed(0)} ms + import ${big.importMs.toFixed(0)} ms + validate ${big.validateMs.toFixed(0)} ms = ${big.totalMs.toFixed(0)} ms  target ≤ 3000 ms`);
    console.log(`  floor (rows copied store to store in SQL, nothing checked): ${big.floorMs.toFixed(0)} ms, ratio ${(big.totalMs / big.floorMs).toFixed(1)}×`);
    console.log(`  live migration under load: ${live.requests} requests, ${live.failed} failed, ${live.restarted} of ${live.units} units restarted  targets 0, 0`);
    console.log(`  negative control (no process hand-over): ${live.controlRestarted} of ${live.units} units restarted  must be > 0`);
    report.metric('migrate_10k_ms', big.totalMs, 'ms', 3_000);
    report.metric('migrate_10k_floor_ms', big.floorMs, 'ms', null);
    report.metric('migrate_10k_ratio_to_floor', big.totalMs / big.floorMs, 'x', null);
    report.metric('migrate_failed_requests', live.failed, 'requests', 0);
    report.metric('migrate_restarted_units', live.restarted, 'units', 0);
    report.metric('migrate_control_restarted_units', live.controlRestarted, 'units', 1, 'min');
    if (big.differences) report.broken(`the imported model differs from the source in ${big.differences} field(s)`);
    if (live.requests === 0) report.broken('no request reached haproxy during the migration');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function bigModel(dir: string) {
  const sourcePath = path.join(dir, 'source.db');
  const sourceStore = openStore(sourcePath);
  const source = new LocalBackend({ store: sourceStore, catalogue: new CharmCatalogue() });
  await source.addModel('big');
  for (let i = 0; i < applications; i++) {
    await source.applyChange('big', {
      id: `deploy-app${i}`, kind: 'deploy', classification: 'in-place', description: '', requires: [],
      application: `app${i}`, spec: { charm: 'ubuntu', channel: 'latest/stable', revision: 24, num_units: unitsPerApplication, options: { label: 'v1', index: i } },
    });
  }
  const targetStore = openStore(path.join(dir, 'target.db'));
  const target = new LocalBackend({ store: targetStore, catalogue: new CharmCatalogue() });

  // Everything here runs synchronously in this process, so its CPU time is its cost, whatever
  // else the machine is doing.
  let doc!: ModelExport;
  let differences = 0;
  const exportMs = await cpuMsOnce(async () => (doc = exportOf(await source.readModel('big'))));
  const importMs = await cpuMsOnce(() => target.importModel(doc));
  const validateMs = await cpuMsOnce(async () => (differences = compareExports(doc, exportOf(await target.readModel('big'))).length));
  sourceStore.close();
  targetStore.close();

  // The floor: the same rows copied by SQLite itself, in one transaction, nothing read into JS.
  const floorDb = new Database(path.join(dir, 'floor.db'));
  floorDb.exec(`ATTACH DATABASE '${sourcePath.replace(/'/g, "''")}' AS src`);
  const floorMs = await cpuMsOnce(() =>
    floorDb.exec(`BEGIN;
      CREATE TABLE models AS SELECT * FROM src.models; CREATE TABLE applications AS SELECT * FROM src.applications;
      CREATE TABLE units AS SELECT * FROM src.units; CREATE TABLE machines AS SELECT * FROM src.machines;
      CREATE TABLE relations AS SELECT * FROM src.relations; COMMIT;`),
  );
  floorDb.close();
  return { exportMs, importMs, validateMs, totalMs: exportMs + importMs + validateMs, floorMs, differences };
}

async function runLive(dir: string) {
  const port = await freePort();
  const measured = await migrateUnderLoad(path.join(dir, 'live'), port, true);
  const control = await migrateUnderLoad(path.join(dir, 'control'), port, false);
  return { ...measured, controlRestarted: control.restarted };
}

/** Deploys three appservers behind haproxy, migrates the model under load, counts what broke. */
async function migrateUnderLoad(dir: string, port: number, handOver: boolean) {
  const [a, b] = await Promise.all([
    startController({ dir: path.join(dir, 'a'), charmDirs: [charms], port: 0 }),
    startController({ dir: path.join(dir, 'b'), charmDirs: [charms], port: 0, controllerName: 'b' }),
  ]);
  try {
    await a.backend.addModel('web');
    const desired = {
      applications: {
        appserver: { charm: path.join(charms, 'appserver'), num_units: 3, options: { build_label: 'v1' } },
        haproxy: { charm: path.join(charms, 'haproxy'), num_units: 1, options: { port } },
      },
      relations: [['haproxy:backend', 'appserver:http']] as [string, string][],
    };
    const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired, live: await a.backend.readModel('web'), model: 'web', controller: 'local', prune: false, now: new Date() });
    for (const change of plan.changes) await a.backend.applyChange('web', change);
    const units = ['appserver/0', 'appserver/1', 'appserver/2', 'haproxy/0'];
    const settled = await a.backend.waitForSettled('web', units, { timeoutMs: 30_000 });
    if (!settled.units.every((u) => u.workload.current === 'active')) throw new Error(`the model did not come up: ${settled.units.map((u) => `${u.name} ${u.workload.current}`).join(', ')}`);
    const before = (await a.backend.readWorkloadHandles('web')).units;

    const load = startLoad({ url: `http://127.0.0.1:${port}/`, connections: 4, maxMs: 60_000, pauseMs: 1 });
    if (handOver) {
      const result = await migrateModel({
        model: 'web', source: a.backend, runs: a.backend.runs, target: b.backend, dryRun: false,
        holder: { host: os.hostname(), pid: process.pid, since: new Date().toISOString(), purpose: 'bench' },
        isSecret: (_app, option) => isSecretOption(option), now: () => new Date(), onPhase: () => undefined,
      });
      if (result.outcome !== 'done') throw new Error(`the migration ended ${result.outcome}: ${result.reason}`);
    } else {
      // The control: the same move without handing the processes over.
      await b.backend.importModel(exportOf(await a.backend.readModel('web')));
      await a.backend.removeModel('web', { keepWorkloads: false });
      await b.backend.waitForSettled('web', units, { timeoutMs: 30_000 });
    }
    // Let the load run on a little past the move, so a unit restarting late is still seen.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const loadReport = await load.stop();
    const after = (await b.backend.readWorkloadHandles('web')).units;
    const restarted = units.filter((u) => before[u]?.pid !== after[u]?.pid).length;
    return { requests: loadReport.requests, failed: loadReport.failed, restarted, units: units.length };
  } finally {
    await b.stop({ stopUnits: true });
    await a.stop({ stopUnits: true });
  }
}

/** CPU milliseconds of one run of a step that cannot be repeated (an import changes the store). */
async function cpuMsOnce(fn: () => unknown): Promise<number> {
  return (await timeRuns(fn, { runs: 1, warmup: 0 }))[0].cpuMs;
}

