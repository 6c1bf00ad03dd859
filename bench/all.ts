/**
 * Runs benchmarks one after another through their npm scripts (`bench:NAME`), each in its own
 * process so none inherits another's heap or JIT state, and says which missed a target.
 *
 *   node --import tsx bench/all.ts [--results FILE] [NAME…]
 *
 * With no names every bench runs. `--results` writes each bench's verdict and figures as JSON,
 * which CI adds to its closing count. Exits 1 when any bench failed.
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
}

function parseArgs(argv: string[]): { results?: string; benches: string[] } {
  let results: string | undefined;
  const benches: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--results') results = argv[++i];
    else benches.push(argv[i]);
  }
  const unknown = benches.filter((b) => !everyBench.includes(b));
  if (unknown.length) {
    console.error(`unknown bench ${unknown.join(', ')}; known: ${everyBench.join(', ')}`);
    process.exit(2);
  }
  return { results, benches: benches.length ? benches : everyBench };
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

const { results, benches } = parseArgs(process.argv.slice(2));
const outcomes: BenchResult[] = [];
for (const bench of benches) {
  console.log(`\n── bench:${bench} ──`);
  outcomes.push(await runOne(bench));
}
const failed = outcomes.filter((o) => !o.passed);
console.log('\nbenchmarks:');
for (const o of outcomes) console.log(`  ${o.passed ? 'ok    ' : 'FAILED'} bench:${o.bench} (${o.seconds.toFixed(0)} s)`);
console.log(`benchmarks: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
if (results) writeFileSync(results, JSON.stringify(outcomes, null, 2) + '\n');
process.exitCode = failed.length ? 1 : 0;
