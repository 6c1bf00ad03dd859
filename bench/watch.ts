/**
 * How fast `watch` reacts: the time from the start of a commit (edit the bundle, `git commit`)
 * to the moment the reconcile it triggers starts (its run-start event), over several commits,
 * on a private embedded controller with workload-less units.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RolloutEvent } from '../src/apply/events.js';
import type { CliContext } from '../src/cli/context.js';
import { runCli } from '../src/cli/run-cli.js';
import { startController } from '../src/backends/local/start-controller.js';
import { createTempRepo } from '../src/repo/temp-repo.js';
import { runBench, type Report } from './lib/report.js';

const trials = 7;

function bundle(label: string): string {
  return `applications:\n  app:\n    charm: ../charms/sim\n    num_units: 4\n    options:\n      label: ${label}\n`;
}

async function measure(report: Report): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-bench-watch-'));
  const repo = await createTempRepo({
    dir: path.join(root, 'repo'),
    files: {
      'charms/sim/metadata.yaml': 'name: sim\nsummary: simulated unit\ndescription: simulated unit\n',
      'charms/sim/config.yaml': 'options:\n  label:\n    type: string\n    default: v0\n    description: a label\n',
      'charms/sim/workload.yaml': 'restart-delay-ms: 20\n',
      'juju-gitops.yaml': 'models:\n  bench:\n    bundle: bundles/bench.yaml\n',
      'bundles/bench.yaml': bundle('v0'),
    },
  });

  const controller = await startController({ dir: path.join(root, 'controller'), port: 0 });
  const stop = new AbortController();
  const events: { at: number; event: RolloutEvent }[] = [];
  let buffer = '';
  const ctx: CliContext = {
    cwd: repo.dir, env: { ...process.env, JUJU_GITOPS_HOME: path.join(root, 'controller') }, isTTY: false, signal: stop.signal,
    err: () => undefined,
    out: (text) => {
      buffer += text;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{')) events.push({ at: performance.now(), event: JSON.parse(line) as RolloutEvent });
      }
    },
  };
  const watching = runCli(['watch', '--interval', '0', '--events', 'ndjson'], ctx);
  const runEnds = () => events.filter((e) => e.event.type === 'run-end').length;
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await until(() => runEnds() === 1, 'the first reconcile');
    const latencies: number[] = [];
    for (let i = 1; i <= trials; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const seen = events.length;
      const t0 = performance.now();
      await repo.commit(`label v${i}`, { 'bundles/bench.yaml': bundle(`v${i}`) });
      await until(() => events.slice(seen).some((e) => e.event.type === 'run-start'), `the reconcile of commit ${i}`);
      latencies.push(events.slice(seen).find((e) => e.event.type === 'run-start')!.at - t0);
      await until(() => events.slice(seen).some((e) => e.event.type === 'run-end'), `the end of reconcile ${i}`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`commit → reconcile start, ${trials} commits: median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`);
    report.metric('watch_latency_ms', median, 'ms', 1000);
    report.metric('watch_latency_max_ms', sorted[sorted.length - 1], 'ms', null);
  } finally {
    stop.abort();
    await watching;
    await controller.stop({ stopUnits: true });
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await runBench('watch', measure);
