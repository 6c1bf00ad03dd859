/**
 * Planning a large model end to end: the repository's bundle (1,000 applications / 10,000
 * units, YAML) is loaded and validated, the live model is read as the controller's API hands it
 * over (JSON), and the two are diffed and planned, with 1% of the applications changed. The
 * floor is reading the same inputs: the loader's YAML parse of the bundle and JSON.parse of the
 * live model; the ratio is what validation, diff and plan add, the median of adjacent pairs
 * (bench/lib/timing.ts, pairedRatio). Also, diagnostic: buildPlan
 * alone against a naive field-by-field comparison of the same two in-memory values, and how
 * the plan time grows from 1,000 to 10,000 units (it should stay about linear).
 */
import { performance } from 'node:perf_hooks';

import { stringify } from 'yaml';
import { loadBundleTexts, parseDocuments } from '../src/bundle/index.js';
import type { Bundle } from '../src/model/bundle.js';
import { hasErrors } from '../src/model/diagnostic.js';
import type { CharmInfo, LiveApplication, LiveModel, LiveUnit } from '../src/model/live.js';
import { buildPlan } from '../src/plan/index.js';
import { runBench } from './lib/report.js';
import { bestCpuMsInRounds, gcBetweenRuns, median, pairedRatio, quantile } from './lib/timing.js';
import { embeddedControllerCapabilities } from '../src/backends/local/capabilities.js';

const unitsPerApp = 10;

const charm: CharmInfo = {
  name: 'service', subordinate: false, hasWorkload: false,
  endpoints: { api: { interface: 'http', role: 'provider' }, backend: { interface: 'http', role: 'requirer' } },
  config: { label: { type: 'string', default: 'v1' }, port: { type: 'int', default: 8080 }, ratio: { type: 'float', default: 0.5 }, debug: { type: 'boolean', default: false } },
};

function scenario(apps: number): { desired: Bundle; live: LiveModel } {
  const desired: Bundle = { 'default-base': 'ubuntu@22.04', applications: {}, relations: [] };
  const live: LiveModel = { name: 'bench', uuid: 'u', type: 'iaas', controller: 'local', applications: {}, machines: {}, relations: [], offers: {}, saas: {}, generation: null };
  for (let i = 0; i < apps; i++) {
    const name = `app${i}`;
    const changed = i % 100 === 42;
    desired.applications[name] = {
      charm: 'service', channel: 'stable', revision: 7, num_units: unitsPerApp, constraints: 'cores=2 mem=4G',
      options: { label: changed ? 'v2' : 'v1', port: 8000 + (i % 50), ratio: 0.5 }, annotations: { team: `t${i % 7}` },
    };
    const units: Record<string, LiveUnit> = {};
    for (let u = 0; u < unitsPerApp; u++) {
      const unit = `${name}/${u}`;
      const machine = String(i * unitsPerApp + u);
      units[unit] = {
        name: unit, application: name, machine, address: `10.${i >> 8}.${i & 255}.${u}`, ports: ['8080/tcp'], leader: u === 0,
        workload: { current: 'active', since: '2024-01-01T00:00:00Z' }, agent: { current: 'idle', since: '2024-01-01T00:00:00Z' },
        // A unit runs its application's user-set options, as the controller records them.
        applied: { charm: 'service', channel: 'latest/stable', revision: 7, options: { port: 8000 + (i % 50) } }, generation: null,
      };
      live.machines[machine] = { id: machine, status: { current: 'started' } };
    }
    const app: LiveApplication = {
      name, charm: 'service', channel: 'latest/stable', revision: 7, base: 'ubuntu@22.04/stable', subordinate: false, scale: unitsPerApp,
      expose: false, constraints: 'mem=4096M cores=2', annotations: { team: `t${i % 7}` }, storage: {}, devices: {}, bindings: {}, resources: {}, trust: false,
      options: { label: { value: 'v1', source: 'default' }, port: { value: 8000 + (i % 50), source: 'user' }, ratio: { value: 0.5, source: 'default' }, debug: { value: false, source: 'default' } },
      status: { current: 'active' }, charmInfo: charm, units,
    };
    live.applications[name] = app;
    if (i > 0) {
      desired.relations!.push([`app${i - 1}:api`, `${name}:backend`]);
      live.relations.push({ id: i, endpoints: [{ application: `app${i - 1}`, endpoint: 'api', role: 'provider' }, { application: name, endpoint: 'backend', role: 'requirer' }] });
    }
  }
  return { desired, live };
}

function elapsed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * The large and the small model timed in alternation, one run each per round, so a busy
 * machine slows both alike and each starts with the other's data in the caches, as a plan in a
 * fresh process does; the median of the per-round ratios.
 */
function scalingRatio(large: () => unknown, small: () => unknown, rounds: number): { ratio: number; smallMs: number } {
  const ratios: number[] = [];
  const smalls: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const largeMs = elapsed(large);
    const smallMs = elapsed(small);
    ratios.push(largeMs / smallMs);
    smalls.push(smallMs);
  }
  return { ratio: median(ratios), smallMs: median(smalls) };
}

function plan(desired: Bundle, live: LiveModel) {
  return buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model: 'bench', controller: 'local', prune: false, now: new Date(0) });
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * What a diff costs at the least: every field of every desired application compared with the
 * live one, no normalising, no ordering, no plan. It counts the differing fields.
 */
function naiveDiff(desired: Bundle, live: LiveModel): number {
  let differences = 0;
  for (const [name, spec] of Object.entries(desired.applications)) {
    const app = live.applications[name];
    if (!app) {
      differences++;
      continue;
    }
    if (spec.charm !== app.charm) differences++;
    if (spec.channel !== undefined && spec.channel !== app.channel) differences++;
    if (spec.revision !== undefined && spec.revision !== app.revision) differences++;
    if ((spec.num_units ?? 0) !== Object.keys(app.units).length) differences++;
    if (spec.constraints !== undefined && spec.constraints !== app.constraints) differences++;
    for (const [key, value] of Object.entries(spec.options ?? {})) if (!same(value, app.options[key]?.value)) differences++;
    for (const [key, value] of Object.entries(spec.annotations ?? {})) if (value !== app.annotations[key]) differences++;
  }
  const liveRelations = new Set(live.relations.map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`).sort().join(' ')));
  for (const pair of desired.relations ?? []) if (!liveRelations.has([...pair].sort().join(' '))) differences++;
  return differences;
}

const large = scenario(1000);
const small = scenario(100);
const bundleYaml = stringify(large.desired);
const liveJson = JSON.stringify(large.live);
const source = { file: 'bundles/bench.yaml', absPath: '/bench-repo/bundles/bench.yaml', text: bundleYaml };

async function planEndToEnd(): Promise<number> {
  const loaded = await loadBundleTexts([source], { root: '/bench-repo' });
  if (hasErrors(loaded.diagnostics)) throw new Error(`the generated bundle does not validate: ${loaded.diagnostics[0].summary}`);
  return plan(loaded.bundle, JSON.parse(liveJson) as LiveModel).changes.length;
}

function readInputs(): void {
  if (parseDocuments(bundleYaml, source).documents.length !== 1) throw new Error('the generated bundle does not parse');
  JSON.parse(liveJson);
}

await runBench('plan', async (report) => {
  if (!gcBetweenRuns) report.broken('run with node --expose-gc (npm run bench:plan does)');
  const changes = await planEndToEnd();
  if (changes !== plan(large.desired, large.live).changes.length) report.broken('the loaded bundle plans differently from the in-memory one');
  // 1% of the applications change one option; any other change (a unit read as drifted) means the scenario is not the one described.
  if (changes !== 10) report.broken(`the scenario should plan 10 config changes, it plans ${changes}`);
  // 41 pairs: one pair's ratio spreads by about ±0.08 on this machine, so with 21 the median
  // alone moved by ±0.03 from run to run, as much as the work it is meant to show.
  const e2e = await pairedRatio(planEndToEnd, readInputs, { runs: 41 });
  const alone = await bestCpuMsInRounds({ naive: () => naiveDiff(large.desired, large.live), plan: () => plan(large.desired, large.live) }, { runs: 5, rounds: 3 });
  elapsed(() => plan(small.desired, small.live));
  const { ratio: scaling, smallMs } = scalingRatio(() => plan(large.desired, large.live), () => plan(small.desired, small.live), 41);
  const e2eRatio = e2e.ratio;
  const naiveRatio = alone.plan / alone.naive;

  const round = (n: number, digits = 1) => n.toFixed(digits);
  console.log(`plan: 1000 applications / 10000 units, ${changes} changes (1% changed); CPU ms`);
  console.log(`  load + read live + diff + plan  ${round(e2e.workMs)} ms`);
  console.log(`  floor: parse the inputs         ${round(e2e.floorMs)} ms  (bundle YAML ${Math.round(bundleYaml.length / 1024)} KiB + live model JSON ${Math.round(liveJson.length / 1024)} KiB)`);
  console.log(`  ratio to floor                  ${round(e2eRatio, 2)}×  (target ≤ 1.25×), median of ${e2e.pairs.length} adjacent pairs (quartiles ${round(quantile(e2e.pairs, 0.25), 2)}–${round(quantile(e2e.pairs, 0.75), 2)})`);
  console.log(`  buildPlan alone                 ${round(alone.plan)} ms, naive field-by-field diff ${round(alone.naive, 2)} ms: ${round(naiveRatio)}× (no target)`);
  console.log(`  1000 units                      ${round(smallMs, 2)} ms; 10000 / 1000 = ${round(scaling, 2)}× (target ≤ 11×)`);
  if (e2eRatio < 1) report.broken('planning end to end took less than parsing its inputs');
  report.metric('plan_e2e_ms', e2e.workMs, 'ms', null);
  report.metric('plan_floor_ms', e2e.floorMs, 'ms', null);
  report.metric('plan_e2e_ratio_to_floor', e2eRatio, 'ratio', 1.25);
  report.metric('plan_ms', alone.plan, 'ms', null);
  report.metric('plan_naive_diff_ms', alone.naive, 'ms', null);
  report.metric('plan_ratio_to_naive_diff', naiveRatio, 'ratio', null);
  report.metric('plan_scaling_10x', scaling, 'ratio', 11);
});
