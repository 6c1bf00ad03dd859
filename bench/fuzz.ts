/**
 * The fuzzer at scale: 10,000+ seeded mutations of the real corpus (test/fuzz/mutate.ts), each
 * read as repository mode reads it, then rendered and planned. Counts what must never happen —
 * an exception escaping, a case not answering within 10 s, an error about a file without a
 * position, a file outside the repository reaching the bundle — with a target of 0 each.
 * Negative controls show the detectors are not blind: the same include with confinement turned
 * off must be seen as an escape, and a reader that waits on a FIFO must be seen as a hang.
 *
 *   node --import tsx bench/fuzz.ts [--cases N] [--seed S]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadBundleFiles, renderBundle } from '../src/bundle/index.js';
import { corpusBundles } from '../test/helpers/corpus.js';
import { makeCase, mutationNames } from '../test/fuzz/mutate.js';
import { runCase, sentinel, type CaseOutcome } from '../test/fuzz/run-case.js';
import { runBench } from './lib/report.js';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const cases = argument('--cases', 10_000);
const seed = argument('--seed', 20261129);
const corpus = fs.readdirSync(corpusBundles).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(corpusBundles, f), 'utf8'));

/** The escape detector must fire when includes are read without confinement. */
async function escapeControl(work: string): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(work, 'control-'));
  fs.writeFileSync(path.join(dir, 'sentinel'), sentinel);
  fs.mkdirSync(path.join(dir, 'repo'));
  const bundle = path.join(dir, 'repo', 'b.yaml');
  fs.writeFileSync(bundle, 'applications:\n  a:\n    charm: x\n    options:\n      o: include-file://../sentinel\n');
  const loaded = await loadBundleFiles([bundle], {});
  return renderBundle(loaded.bundle).includes(sentinel);
}

/** The hang detector must fire on a reader that waits on a FIFO (what `include-file://` once did). */
async function hangControl(work: string): Promise<boolean> {
  const fifo = path.join(fs.mkdtempSync(path.join(work, 'control-')), 'pipe');
  execFileSync('mkfifo', [fifo]);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 500)));
  const outcome = await Promise.race([readFile(fifo, { signal: controller.signal }).then(() => 'read', () => 'read'), timeout]);
  clearTimeout(timer);
  controller.abort();
  // Opening the FIFO for writing releases the blocked open so the process can exit.
  fs.closeSync(fs.openSync(fifo, fs.constants.O_RDWR));
  return outcome === 'hang';
}

await runBench('fuzz', async (report) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-fuzz-'));
  try {
    const outcomes: CaseOutcome[] = [];
    const started = performance.now();
    for (let i = 0; i < cases; i++) {
      outcomes.push(await runCase(makeCase(seed, i, corpus), work));
      if ((i + 1) % 1000 === 0) console.error(`  ${i + 1}/${cases} cases, ${outcomes.filter((o) => o.problem).length} problems`);
    }
    const seconds = (performance.now() - started) / 1000;
    const count = (problem: CaseOutcome['problem']) => outcomes.filter((o) => o.problem === problem);
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(`fuzz: ${cases} cases (seed ${seed}) over ${corpus.length} real bundles in ${seconds.toFixed(0)} s; ${outcomes.filter((o) => o.valid).length} still loaded, ${outcomes.filter((o) => !o.valid).length} refused`);
    for (const name of mutationNames) {
      const of = outcomes.filter((o) => o.mutation === name);
      console.log(`  ${name.padEnd(18)} ${String(of.length).padStart(5)} cases, ${String(of.filter((o) => o.problem).length).padStart(3)} problems, slowest ${Math.max(0, ...of.map((o) => o.ms)).toFixed(0)} ms`);
    }
    for (const o of outcomes.filter((x) => x.problem).slice(0, 20)) console.log(`  case ${o.index} (${o.mutation}): ${o.problem} ${o.detail ?? ''}`);
    report.metric('cases', cases, 'cases', 10_000, 'min');
    report.metric('crashes', count('crash').length, 'cases', 0);
    report.metric('hangs', count('hang').length, 'cases', 0);
    report.metric('errors-without-position', count('no-position').length, 'cases', 0);
    report.metric('escapes', count('escape').length, 'cases', 0);
    report.metric('slowest-case', slowest.ms, 'ms', 10_000);
    report.metric('throughput', cases / seconds, 'cases/s', null);
    if (!(await escapeControl(work))) report.broken('negative control: an unconfined include of the sentinel was not seen as an escape');
    if (!(await hangControl(work))) report.broken('negative control: a read blocked on a FIFO was not seen as a hang');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
