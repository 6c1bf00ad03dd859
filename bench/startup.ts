/**
 * What starting the CLI costs: `juju-gitops --version` and `juju-gitops validate` of the
 * example web bundle (two local charms, read and checked), each against a bare `node -e 0`,
 * the least any Node program pays. The figure is the CPU time of the whole process (user +
 * system, every thread), taken as it exits; the median of the runs, with the three commands
 * run in turn in every round so a busy machine weighs on all alike. It runs the package's bin
 * (the bundled CLI in dist/), as users do; `npm run bench:startup` builds first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './lib/report.js';
import { median } from './lib/timing.js';

const rounds = 15;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// What users run: the package's bin (the bundled CLI that `npm run build` writes).
const bin = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['juju-gitops'];
const cli = path.join(root, bin);
const probe = path.join(root, 'bench/lib/cpu-at-exit.cjs');
const bundle = path.join(root, 'examples/bundles/web.yaml');

const commands = {
  node: ['-e', '0'],
  version: [cli, '--version'],
  validate: [cli, 'validate', bundle],
} satisfies Record<string, string[]>;
type Name = keyof typeof commands;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** CPU and wall milliseconds of one run; a run that fails is an error, not a figure. */
function runOnce(name: Name, cpuFile: string): { cpuMs: number; wallMs: number } {
  fs.rmSync(cpuFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', probe, ...commands[name]], {
    cwd: root,
    env: { ...process.env, JUJU_GITOPS_BENCH_CPU_FILE: cpuFile, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr || result.stdout}`);
  return { cpuMs: Number(fs.readFileSync(cpuFile, 'utf8')), wallMs };
}

await runBench('startup', async (report) => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  if (newestSource(path.join(root, 'src')) > fs.statSync(cli).mtimeMs) throw new Error('dist/ is older than src/: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-startup-'));
  try {
    const cpuFile = path.join(dir, 'cpu');
    const samples = { node: [] as number[], version: [] as number[], validate: [] as number[] };
    const walls = { node: [] as number[], version: [] as number[], validate: [] as number[] };
    for (const name of Object.keys(commands) as Name[]) runOnce(name, cpuFile);
    for (let i = 0; i < rounds; i++) {
      for (const name of Object.keys(commands) as Name[]) {
        const { cpuMs, wallMs } = runOnce(name, cpuFile);
        samples[name].push(cpuMs);
        walls[name].push(wallMs);
      }
    }
    const cpu = (name: Name) => median(samples[name]);
    const wall = (name: Name) => median(walls[name]);
    console.log(`CLI startup, CPU time of the whole process, median of ${rounds} runs`);
    console.log(`  node -e 0                       ${cpu('node').toFixed(0)} ms  (wall ${wall('node').toFixed(0)} ms)`);
    console.log(`  juju-gitops --version           ${cpu('version').toFixed(0)} ms  (wall ${wall('version').toFixed(0)} ms)  ${(cpu('version') / cpu('node')).toFixed(2)}× node, target ≤ 1.5×`);
    console.log(`  juju-gitops validate web.yaml   ${cpu('validate').toFixed(0)} ms  (wall ${wall('validate').toFixed(0)} ms)  ${(cpu('validate') / cpu('node')).toFixed(2)}× node, target ≤ 2.5×`);
    report.metric('startup_node_ms', cpu('node'), 'ms', null);
    report.metric('startup_version_ms', cpu('version'), 'ms', null);
    report.metric('startup_validate_ms', cpu('validate'), 'ms', null);
    report.metric('startup_version_ratio', cpu('version') / cpu('node'), 'ratio', 1.5);
    report.metric('startup_validate_ratio', cpu('validate') / cpu('node'), 'ratio', 2.5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
