/**
 * Diff + plan of a large model against the floor of merely parsing its inputs: the bundle of
 * 1,000 applications / 10,000 units as YAML, and the live model as the controller's API sends
 * it (JSON), with 1% of the applications changed. Also how the time grows from 1,000 to 10,000
 * units (it should stay about linear).
 */
import { performance } from 'node:perf_hooks';

import { parse, stringify } from 'yaml';
import type { Bundle } from '../src/model/bundle.js';
import type { CharmInfo, LiveApplication, LiveModel, LiveUnit } from '../src/model/live.js';
import { buildPlan } from '../src/plan/index.js';

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
        applied: { charm: 'service', channel: 'latest/stable', revision: 7, options: { label: 'v1', port: 8000 + (i % 50) } }, generation: null,
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

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

function elapsed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Median of `runs` timings after `warmup` untimed runs. */
function time(fn: () => unknown, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  return median(Array.from({ length: runs }, () => elapsed(fn)));
}

/**
 * The large and the small model timed in alternation (the small one ten times per round, its
 * median kept), so a busy machine slows both alike; the median of the per-round ratios.
 */
function scalingRatio(large: () => unknown, small: () => unknown, rounds: number): { ratio: number; smallMs: number } {
  const ratios: number[] = [];
  const smalls: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const largeMs = elapsed(large);
    const smallMs = median(Array.from({ length: 10 }, () => elapsed(small)));
    ratios.push(largeMs / smallMs);
    smalls.push(smallMs);
  }
  return { ratio: median(ratios), smallMs: median(smalls) };
}

function plan(input: { desired: Bundle; live: LiveModel }) {
  return buildPlan({ desired: input.desired, live: input.live, model: 'bench', controller: 'local', prune: false, now: new Date(0) });
}

const large = scenario(1000);
const small = scenario(100);
const bundleYaml = stringify(large.desired);
const liveJson = JSON.stringify(large.live);

const changes = plan(large).changes.length;
const planMs = time(() => plan(large), 15);
const floorMs = time(() => [parse(bundleYaml), JSON.parse(liveJson)], 7, 1);
time(() => plan(small), 10);
const { ratio: scaling, smallMs } = scalingRatio(() => plan(large), () => plan(small), 21);
const ratio = planMs / floorMs;

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
console.log(`plan: 1000 applications / 10000 units, ${changes} changes (1% changed)`);
console.log(`  diff + plan         ${round(planMs)} ms   (target ≤ 300 ms)`);
console.log(`  parse (floor)       ${round(floorMs)} ms   (bundle YAML ${Math.round(bundleYaml.length / 1024)} KiB + live model JSON ${Math.round(liveJson.length / 1024)} KiB)`);
console.log(`  ratio to floor      ${round(ratio)}×      (target ≤ 2×)`);
console.log(`  1000 units          ${round(smallMs)} ms; 10000 / 1000 = ${round(scaling)}× (target ≤ 11×)`);
const metric = (name: string, value: number, unit: string, target: number | null) =>
  console.log(JSON.stringify({ bench: 'plan', metric: name, value: round(value, 3), unit, target }));
metric('plan_ms', planMs, 'ms', 300);
metric('plan_floor_ms', floorMs, 'ms', null);
metric('plan_ratio_to_floor', ratio, 'ratio', 2);
metric('plan_scaling_10x', scaling, 'ratio', 11);
