/**
 * Does a rolling restart keep the service up? Four real appserver units behind a real haproxy
 * (the example `web` model, on a private embedded controller) take load from autocannon on
 * 127.0.0.1 during a full rolling restart (a new build_label), then during a rollout that is
 * aborted by a build that does not start. A request fails on a connection error, a timeout or
 * a non-2xx answer; the target is zero in both cases.
 */
import autocannon from 'autocannon';
import { captureContext } from '../src/cli/context.js';
import { runCli } from '../src/cli/run-cli.js';
import { createSandbox } from '../src/cli/demo/sandbox.js';
import { startController } from '../src/controller/controller.js';

function emit(metric: string, value: number, unit: string, target: number | null): void {
  console.log(JSON.stringify({ bench: 'zero-downtime', metric, value, unit, target }));
}

interface Load {
  requests: number;
  failed: number;
  ms: number;
}

/** Runs autocannon (bounded to 60 s) for as long as `during` takes. */
async function underLoad(url: string, during: () => Promise<number>): Promise<{ code: number; load: Load }> {
  const started = Date.now();
  const instance = autocannon({ url, connections: 8, duration: 60, timeout: 2 });
  const finished = new Promise<autocannon.Result>((resolve) => instance.on('done', resolve));
  await new Promise((r) => setTimeout(r, 300));
  const code = await during();
  await new Promise((r) => setTimeout(r, 300));
  instance.stop();
  const result = await finished;
  return { code, load: { requests: result.requests.total, failed: result.errors + result.timeouts + result.non2xx, ms: Date.now() - started } };
}

async function main(): Promise<void> {
  const sandbox = await createSandbox();
  const controller = await startController({ dir: sandbox.controllerDir, port: 0 });
  const ctx = captureContext({ cwd: sandbox.repo, env: { JUJU_GITOPS_HOME: sandbox.controllerDir } });
  const apply = () => runCli(['apply', '--model', 'web'], ctx);
  try {
    if ((await apply()) !== 0) throw new Error(`deploy failed:\n${ctx.stdout()}${ctx.stderr()}`);
    const url = `http://127.0.0.1:${sandbox.port}/`;
    const units = Array.from({ length: 4 }, (_, i) => `appserver/${i}`);
    await controller.backend.waitForSettled('web', [...units, 'haproxy/0'], { timeoutMs: 30_000 });
    for (let i = 0; i < 100 && !(await fetch(url).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));

    await sandbox.commitOption('web', 'appserver', 'build_label', 'v2', 'build v2');
    const full = await underLoad(url, apply);
    if (full.code !== 0) throw new Error(`the rolling restart failed:\n${ctx.stdout()}${ctx.stderr()}`);

    await sandbox.commitOption('web', 'appserver', 'build_label', 'v3-bad', 'build v3-bad');
    const aborted = await underLoad(url, apply);
    if (aborted.code !== 1) throw new Error(`the bad build was expected to stop the rollout (exit 1), got ${aborted.code}`);

    console.log('four appservers behind haproxy, autocannon with 8 connections on 127.0.0.1');
    console.log(`  full rolling restart: ${full.load.requests} requests in ${(full.load.ms / 1000).toFixed(1)} s, ${full.load.failed} failed`);
    console.log(`  aborted rollout (bad build, rolled back): ${aborted.load.requests} requests in ${(aborted.load.ms / 1000).toFixed(1)} s, ${aborted.load.failed} failed`);
    emit('zd_requests', full.load.requests, 'requests', null);
    emit('zd_failed_requests', full.load.failed, 'requests', 0);
    emit('zd_requests_aborted', aborted.load.requests, 'requests', null);
    emit('zd_failed_requests_aborted', aborted.load.failed, 'requests', 0);
  } finally {
    await controller.stop({ stopUnits: true });
    sandbox.remove();
  }
}

await main();
