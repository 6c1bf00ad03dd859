// Benchmark of the embedded controller's store: a 1,000-application / 10,000-unit model is
// created, read back whole, and 1,000 of its units are moved one at a time. There is no floor
// here: the targets are absolute (a whole read in CPU time, store writes per unit, peak RSS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalBackend } from '../src/backends/local/local-backend.js';
import { CharmCatalogue } from '../src/controller/charms/catalogue.js';
import { openStore } from '../src/controller/store/open-store.js';
import { runBench } from './lib/report.js';
import { timeRuns } from './lib/timing.js';

const applications = 1_000;
const unitsPerApplication = 10;
const moves = 1_000;

await runBench('controller', async (report) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-controller-'));
  try {
    const store = openStore(path.join(dir, 'controller.db'));
    const backend = new LocalBackend({ store, catalogue: new CharmCatalogue() });
    await backend.addModel('bench');

    let started = performance.now();
    for (let i = 0; i < applications; i++) {
      await backend.applyChange('bench', {
        id: `deploy-app${i}`, kind: 'deploy', classification: 'in-place', description: '', requires: [],
        application: `app${i}`, spec: { charm: 'ubuntu', channel: 'latest/stable', revision: 24, num_units: unitsPerApplication, options: { label: 'v1', index: i } },
      });
    }
    const createMs = performance.now() - started;

    let unitCount = 0;
    const reads = await timeRuns(async () => {
      const live = await backend.readModel('bench');
      unitCount = Object.values(live.applications).reduce((n, app) => n + Object.keys(app.units).length, 0);
    }, { runs: 5, warmup: 0 });
    // The store answers synchronously in this process, so CPU time is the read's own cost.
    const readMs = Math.min(...reads.map((r) => r.cpuMs));
    if (unitCount !== applications * unitsPerApplication) throw new Error(`read ${unitCount} units, expected ${applications * unitsPerApplication}`);

    const writesBefore = store.writes;
    started = performance.now();
    for (let i = 0; i < moves; i++) {
      const app = i % applications;
      await backend.applyUnitChange('bench', `app${app}/${Math.floor(i / applications) % unitsPerApplication}`, { options: { label: 'v2', index: app } });
    }
    const moveMs = performance.now() - started;
    const writesPerUnit = (store.writes - writesBefore) / moves;
    store.close();
    const rssMb = process.resourceUsage().maxRSS / 1024;

    console.log(`controller benchmark: ${applications} applications, ${unitCount} units`);
    console.log(`  create        ${createMs.toFixed(0)} ms`);
    console.log(`  whole read    ${readMs.toFixed(1)} ms CPU, best of ${reads.length} (first ${reads[0].cpuMs.toFixed(1)} ms, wall ${reads[0].wallMs.toFixed(1)} ms)  target ≤ 200 ms`);
    console.log(`  unit moves    ${moves} in ${moveMs.toFixed(0)} ms, ${writesPerUnit.toFixed(2)} store writes per unit  target ≤ 5`);
    console.log(`  peak RSS      ${rssMb.toFixed(0)} MB  target ≤ 300 MB`);
    report.metric('controller_read_ms', readMs, 'ms', 200);
    report.metric('controller_writes_per_unit', writesPerUnit, 'writes', 5);
    report.metric('controller_rss_mb', rssMb, 'MB', 300);
    report.metric('controller_create_ms', createMs, 'ms', null);
    report.metric('controller_move_ms_per_unit', moveMs / moves, 'ms', null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
