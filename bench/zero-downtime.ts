/**
 * Does a rolling restart keep the service up? Four real appserver units behind a real haproxy
 * (the example `web` model, on a private embedded controller) take load from autocannon on
 * 127.0.0.1. Each appserver takes 4 s to listen after a restart, far longer than haproxy's
 * retries can hide, so an outage shows. Three rollouts run under load:
 *   - a full rolling restart (a new build_label), batch 1: no request may fail;
 *   - a rollout aborted by a build that does not start (rolled back): no request may fail;
 *   - the negative control, every unit restarted at once (batch 4): requests must fail. If they
 *     do not, the bench cannot see an outage and fails as blind.
 * A request fails on a connection error, a timeout (2 s) or a non-2xx answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { simpleGit } from 'simple-git';
import { parseDocument } from 'yaml';
import { captureContext } from '../src/cli/context.js';
import { createSandbox, type Sandbox } from '../src/cli/demo/sandbox.js';
import { runCli } from '../src/cli/run-cli.js';
import { startController } from '../src/backends/local/start-controller.js';
import { runBench, type Report } from './lib/report.js';

const startupDelayMs = 4000;
const appservers = Array.from({ length: 4 }, (_, i) => `appserver/${i}`);

interface Load {
  requests: number;
  failed: number;
  ms: number;
  p50: number;
  p99: number;
}

/** Runs autocannon (bounded to 90 s) from shortly before `during` starts to shortly after it ends. */
async function underLoad(url: string, during: () => Promise<number>): Promise<{ code: number; load: Load }> {
  const started = Date.now();
  const instance = autocannon({ url, connections: 8, duration: 90, timeout: 2 });
  const finished = new Promise<autocannon.Result>((resolve) => instance.on('done', resolve));
  await new Promise((r) => setTimeout(r, 300));
  const code = await during();
  await new Promise((r) => setTimeout(r, 300));
  instance.stop();
  const result = await finished;
  return {
    code,
    load: {
      requests: result.requests.total,
      failed: result.errors + result.timeouts + result.non2xx,
      ms: Date.now() - started,
      p50: result.latency.p50,
      p99: result.latency.p99,
    },
  };
}

/** Sets the appservers' rollout batch in the sandbox's juju-gitops.yaml and commits it. */
async function commitBatch(sandbox: Sandbox, batch: number): Promise<void> {
  const file = path.join(sandbox.repo, 'juju-gitops.yaml');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  doc.setIn(['models', 'web', 'applications', 'appserver', 'batch'], batch);
  fs.writeFileSync(file, doc.toString());
  await simpleGit(sandbox.repo).add('juju-gitops.yaml').commit(`appservers roll ${batch} at a time`);
}

function describe(what: string, load: Load): string {
  return `  ${what}: ${load.requests} requests in ${(load.ms / 1000).toFixed(1)} s, ${load.failed} failed, latency p50 ${load.p50} ms, p99 ${load.p99} ms`;
}

async function measure(report: Report): Promise<void> {
  const sandbox = await createSandbox();
  const controller = await startController({ dir: sandbox.controllerDir, port: 0 });
  const ctx = captureContext({ cwd: sandbox.repo, env: { JUJU_GITOPS_HOME: sandbox.controllerDir } });
  const apply = () => runCli(['apply', '--model', 'web'], ctx);
  const failure = (what: string) => new Error(`${what}:\n${ctx.stdout()}${ctx.stderr()}`);
  try {
    await sandbox.commitOption('web', 'appserver', 'startup_delay_ms', startupDelayMs, 'slow appserver start');
    if ((await apply()) !== 0) throw failure('deploy failed');
    const url = `http://127.0.0.1:${sandbox.port}/`;
    await controller.backend.waitForSettled('web', [...appservers, 'haproxy/0'], { timeoutMs: 30_000 });
    for (let i = 0; i < 100 && !(await fetch(url).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));

    await sandbox.commitOption('web', 'appserver', 'build_label', 'v2', 'build v2');
    const full = await underLoad(url, apply);
    if (full.code !== 0) throw failure('the rolling restart failed');

    await sandbox.commitOption('web', 'appserver', 'build_label', 'v3-bad', 'build v3-bad');
    const aborted = await underLoad(url, apply);
    if (aborted.code !== 1) throw failure(`the bad build was expected to stop the rollout (exit 1), got ${aborted.code}`);

    await commitBatch(sandbox, appservers.length);
    await sandbox.commitOption('web', 'appserver', 'build_label', 'v4', 'build v4, all at once');
    const control = await underLoad(url, apply);
    if (control.code !== 0) throw failure('the all-at-once control rollout failed');

    console.log(`four appservers (${startupDelayMs} ms to start) behind haproxy, autocannon with 8 connections on 127.0.0.1`);
    console.log(describe('rolling restart, batch 1', full.load));
    console.log(describe('aborted rollout (bad build, rolled back)', aborted.load));
    console.log(describe('control: all four at once', control.load));
    if (control.load.failed === 0) report.broken('the control restarted every appserver at once and no request failed: this bench cannot see an outage');
    report.metric('zd_requests', full.load.requests, 'requests', null);
    report.metric('zd_failed_requests', full.load.failed, 'requests', 0);
    report.metric('zd_latency_p50_ms', full.load.p50, 'ms', null);
    report.metric('zd_latency_p99_ms', full.load.p99, 'ms', null);
    report.metric('zd_requests_aborted', aborted.load.requests, 'requests', null);
    report.metric('zd_failed_requests_aborted', aborted.load.failed, 'requests', 0);
    report.metric('zd_control_requests', control.load.requests, 'requests', null);
    report.metric('zd_control_failed_requests', control.load.failed, 'requests', 1, 'min');
  } finally {
    await controller.stop({ stopUnits: true });
    sandbox.remove();
  }
}

await runBench('zero-downtime', measure);
