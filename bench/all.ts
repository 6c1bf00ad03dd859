/**
 * Runs benchmarks one after another through their npm scripts (`bench:NAME`), each in its own
 * process so none inherits another's heap or JIT state, and says which missed a target.
 *
 *   node --import tsx bench/all.ts [--results FILE] [--retries N] [NAME…]
 *
 * With no names every bench runs. `--results` writes each bench's verdict and figures as JSON,
 * which CI adds to its closing count. `--retries N` runs a bench that missed again, up to N
 * times: a regression misses every run, while a run disturbed by the machine does not; every
 * miss is still printed and recorded. Exits 1 when any bench failed.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Metric } from './lib/report.js';

const everyBench = ['parse', 'plan', 'controller', 'startup', 'juju', 'rollout', 'zero-downtime', 'watch', 'migrate', 'fuzz'];

interface BenchResult {
  bench: string;
  passed: boolean;
  seconds: number;
  metrics: Metric[];
  /** Runs that missed before the one recorded here (only with --retries). */
  missedRuns?: number;
}

function parseArgs(argv: string[]): { results?: string; retries: number; benches: string[] } {
  let results: string | undefined;
  let retries = 0;
  const benches: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--results') results = argv[++i];
    else if (argv[i] === '--retries') retries = Math.max(0, Number(argv[++i]) || 0);
    else benches.push(argv[i]);
  }
  const unknown = benches.filter((b) => !everyBench.includes(b));
  if (unknown.length) {
    console.error(`unknown bench ${unknown.join(', ')}; known: ${everyBench.join(', ')}`);
    process.exit(2);
  }
  return { results, retries, benches: benches.length ? benches : everyBench };
}

/** Runs `npm run bench:NAME`, passing its output through and keeping its JSON figure lines. */
function runOne(bench: string): Promise<BenchResult> {
  const started = Date.now();
  const metrics: Metric[] = [];
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', `bench:${bench}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{"bench"')) metrics.push(JSON.parse(line) as Metric);
    });
    child.on('close', (code) => resolve({ bench, passed: code === 0, seconds: (Date.now() - started) / 1000, metrics }));
  });
}

const { results, retries, benches } = parseArgs(process.argv.slice(2));
const outcomes: BenchResult[] = [];
for (const bench of benches) {
  console.log(`\n── bench:${bench} ──`);
  let outcome = await runOne(bench);
  let missed = 0;
  while (!outcome.passed && missed < retries) {
    missed += 1;
    console.log(`\n── bench:${bench} missed a target; running it again (${missed} of ${retries}) ──`);
    outcome = await runOne(bench);
  }
  outcomes.push(missed ? { ...outcome, missedRuns: missed } : outcome);
}
const failed = outcomes.filter((o) => !o.passed);
console.log('\nbenchmarks:');
for (const o of outcomes) {
  const misses = o.missedRuns ? `, after ${o.missedRuns} run(s) that missed` : '';
  console.log(`  ${o.passed ? 'ok    ' : 'FAILED'} bench:${o.bench} (${o.seconds.toFixed(0)} s${misses})`);
}
console.log(`benchmarks: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
if (results) writeFileSync(results, JSON.stringify(outcomes, null, 2) + '\n');
process.exitCode = failed.length ? 1 : 0;
