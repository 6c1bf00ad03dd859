/**
 * The juju backend's cost in `juju` CLI calls and time, on the CLI emulator with a
 * 100-application / 1,000-unit model. A plan reads the model in 3 calls (`status`,
 * `show-application` for every application at once, `show-model`) plus one `juju config` per
 * application (`juju offers` too when status lists offers; this model has none); its time is compared with a floor that makes the same calls through the
 * same executable and only parses their JSON, and shown against one `juju status` call. Moving
 * a unit with an `actions` unit strategy costs the application's config change once plus one
 * `juju run` per unit; settling is one `juju status` per poll for the whole batch. The calls
 * are counted twice, by the backend's runner and by the emulator, and must agree.
 */
import { execFile } from 'node:child_process';
import { JujuBackend } from '../src/backends/juju/juju-backend.js';
import type { Bundle } from '../src/model/bundle.js';
import type { Change } from '../src/model/change.js';
import { buildPlan } from '../src/plan/index.js';
import { startJujuSim, type JujuSim } from '../test/juju-sim/start-sim.js';
import { runBench } from './lib/report.js';
import { median } from './lib/timing.js';

const apps = 100;
const unitsPerApp = 10;
const model = 'bench';
const charm = 'local:restartable';

async function seed(sim: JujuSim): Promise<Bundle> {
  const b = sim.embedded.backend;
  await b.addModel(model);
  const desired: Bundle = { applications: {}, relations: [] };
  for (let i = 0; i < apps; i++) {
    const name = `app${i}`;
    const change = { id: `deploy-${name}`, classification: 'in-place', description: '', requires: [], kind: 'deploy', application: name, spec: { charm, num_units: unitsPerApp, options: { label: 'v1' } } } as Change;
    await b.applyChange(model, change);
    // 1% of the applications change.
    desired.applications[name] = { charm, num_units: unitsPerApp, options: { label: i % 100 === 42 ? 'v2' : 'v1' } };
  }
  return desired;
}

/** Calls made straight to the executable (the floor, the status timing), not by the backend. */
let directCalls = 0;

function execJuju(sim: JujuSim, args: string[]): Promise<string> {
  directCalls++;
  return new Promise((resolve, reject) =>
    execFile(sim.command, args, { env: { ...process.env, JUJU_DATA: sim.jujuData }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
}

/** The same calls a plan makes (show-model is read once per backend), 8 `juju config` at a time, each answer only JSON.parsed. */
async function floorRead(sim: JujuSim): Promise<void> {
  const target = `${sim.controller}:${model}`;
  const status = await execJuju(sim, ['status', '-m', target, '--format', 'json']);
  const names = Object.keys((JSON.parse(status) as { applications: Record<string, unknown> }).applications);
  let next = 0;
  await Promise.all([
    execJuju(sim, ['show-application', '-m', target, ...names, '--format', 'json']).then((out) => JSON.parse(out) as unknown),
    ...Array.from({ length: 8 }, async () => {
      while (next < names.length) JSON.parse(await execJuju(sim, ['config', '-m', target, names[next++], '--format', 'json']));
    }),
  ]);
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

await runBench('juju', async (report) => {
  const sim = await startJujuSim({ dialect: '3.6' });
  try {
    const desired = await seed(sim);
    let runnerCalls = 0;
    const calls: string[][] = [];
    const backend = new JujuBackend({
      controller: sim.controller, command: sim.command, jujuData: sim.jujuData, pollMs: 50,
      models: { [model]: { model, applications: { app42: { actions: ['restart'] } } } },
      onCall: (call) => { runnerCalls++; calls.push(call.args); },
    });

    // Plan: read the live model through the CLI, then diff and plan.
    sim.calls.length = 0;
    directCalls = 0;
    const plan = async () => buildPlan({ capabilities: backend.capabilities, desired, live: await backend.readModel(model), model, controller: sim.controller, prune: false, now: new Date() });
    const [, firstPlan] = await timed(plan);
    const callsPerPlan = calls.length;
    const planMs: number[] = [];
    const floorMs: number[] = [];
    const statusMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      planMs.push((await timed(plan))[0]);
      floorMs.push((await timed(() => floorRead(sim)))[0]);
      statusMs.push((await timed(() => execJuju(sim, ['status', '-m', `${sim.controller}:${model}`, '--format', 'json'])))[0]);
    }
    const changed = firstPlan.changes.filter((c) => c.kind === 'config').map((c) => (c as { application: string }).application);
    if (changed.join() !== 'app42') report.broken(`the plan should change app42 only, it changes ${changed.join(', ') || 'nothing'}`);

    // Unit moves: app42's 10 units to label v2 with the restart action, batch 1 then batch 5.
    const moveUnits = async (units: string[], label: string, batch: number) => {
      const before = calls.length;
      for (let i = 0; i < units.length; i += batch) {
        const group = units.slice(i, i + batch);
        for (const unit of group) await backend.applyUnitChange(model, unit, { options: { label } });
        const settled = await backend.waitForSettled(model, group, { timeoutMs: 30_000 });
        if (!settled.settled) report.broken(`units ${group.join(', ')} did not settle`);
      }
      const made = calls.slice(before);
      const polls = made.filter((a) => a[0] === 'status').length;
      return { perUnit: (made.length - polls) / units.length, polls, batches: Math.ceil(units.length / batch) };
    };
    const units = Array.from({ length: unitsPerApp }, (_, u) => `app42/${u}`);
    const one = await moveUnits(units, 'v2', 1);
    const five = await moveUnits(units, 'v3', 5);
    const live = await backend.readModel(model);
    const labels = new Set(Object.values((await sim.embedded.backend.readModel(model)).applications.app42.units).map((u) => u.applied.options.label));
    if (labels.size !== 1 || !labels.has('v3') || live.applications.app42.options.label?.value !== 'v3') report.broken('app42 did not end on v3 on every unit');
    if (runnerCalls !== sim.calls.length - directCalls) report.broken(`the backend counted ${runnerCalls} juju calls, the emulator answered ${sim.calls.length - directCalls}`);

    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const plan50 = median(planMs);
    const floor50 = median(floorMs);
    const status50 = median(statusMs);
    console.log(`juju: ${apps} applications / ${apps * unitsPerApp} units on the juju CLI emulator (Juju 3.6 dialect)`);
    console.log(`  plan: ${callsPerPlan} juju calls (target ≤ ${3 + apps}), ${ms(plan50)}; floor (same calls, JSON.parse only) ${ms(floor50)}: ${(plan50 / floor50).toFixed(2)}× (target ≤ 1.5×)`);
    console.log(`  one \`juju status\` of the model: ${ms(status50)}; a plan costs ${(plan50 / status50).toFixed(1)} of them`);
    console.log(`  unit moves, batch 1: ${one.perUnit.toFixed(2)} calls per unit besides ${one.polls} status polls for ${one.batches} batches`);
    console.log(`  unit moves, batch 5: ${five.perUnit.toFixed(2)} calls per unit besides ${five.polls} status polls for ${five.batches} batches`);
    report.metric('juju_calls_per_plan', callsPerPlan, 'calls', 3 + apps);
    report.metric('juju_plan_ms', plan50, 'ms', null);
    report.metric('juju_plan_ratio_to_floor', plan50 / floor50, 'ratio', 1.5);
    report.metric('juju_plan_ratio_to_status_call', plan50 / status50, 'ratio', null);
    report.metric('juju_calls_per_unit_moved', Math.max(one.perUnit, five.perUnit), 'calls', 2);
    report.metric('juju_status_polls_per_batch', Math.max(one.polls / one.batches, five.polls / five.batches), 'calls', null);
  } finally {
    await sim.stop();
  }
});
