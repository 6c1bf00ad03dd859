import { styleText } from 'node:util';
import { startController, type RunningController } from '../../backends/local/start-controller.js';
import type { LiveModel } from '../../model/live.js';
import { GitopsError } from '../../model/errors.js';
import { loadRepoConfig, openRepo } from '../../repo/index.js';
import { serveWatchStatus, WatchState, type StatusServer } from '../../watch/index.js';
import type { CliContext, RunCli } from '../context.js';
import { startLoad, type LoadGenerator, type LoadReport } from './load.js';
import { createSandbox, type Sandbox } from './sandbox.js';

export interface DemoOptions {
  /** The CLI the demo drives, command by command, as a user would. */
  runCli: RunCli;
  /** Upper bound on how long the load generator may run, whatever happens. */
  maxLoadMs?: number;
  /** Port of the status page on 127.0.0.1 (0 picks a free one); absent, no page. */
  listenPort?: number;
  /** Take any free port when `listenPort` is in use. */
  anyPortIfTaken?: boolean;
}

interface Step {
  requests: number;
  failed: number;
  answers: Record<string, number>;
}

function delta(before: LoadReport, after: LoadReport): Step {
  const answers: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.answers)) if (v - (before.answers[k] ?? 0) > 0) answers[k] = v - (before.answers[k] ?? 0);
  return { requests: after.requests - before.requests, failed: after.failed - before.failed, answers };
}

function describeLoad(step: Step): string {
  const mix = Object.entries(step.answers).map(([label, n]) => `${label}: ${n}`).join(', ');
  return `${step.requests} requests through haproxy, ${step.failed} failed${mix ? ` (answers by build: ${mix})` : ''}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The demo: the motivating case end to end on a private embedded controller. Everything it
 * starts (controller, unit processes, load generator, temporary repository) is stopped and
 * removed when it ends, fails or is interrupted. Returns 0 when the story went as told.
 */
export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<number> {
  const begun = Date.now();
  const title = (text: string) => {
    const line = ctx.isTTY ? `▶ ${text}` : `== ${text}`;
    ctx.out(`\n${ctx.color ? styleText('bold', line, { validateStream: false }) : line}\n`);
  };
  const note = (text: string) => ctx.out(`  ${text}\n`);
  let sandbox: Sandbox | undefined;
  let controller: RunningController | undefined;
  let load: LoadGenerator | undefined;
  let page: StatusServer | undefined;
  try {
    title('Setting up: a copy of examples/ as a git repository, and an embedded controller of its own');
    sandbox = await createSandbox();
    controller = await startController({ dir: sandbox.controllerDir, port: 0 });
    note(`repository ${sandbox.repo}`);
    note(`controller ${controller.url} (store and unit processes under ${sandbox.controllerDir})`);
    const state = new WatchState(['web']);
    if (opts.listenPort !== undefined) {
      const repo = await openRepo({ cwd: sandbox.repo });
      const serve = (port: number) => serveWatchStatus({ host: '127.0.0.1', port, state, backend: controller!.backend, runs: controller!.backend.runs, repo, config, models: ['web'] });
      const config = await loadRepoConfig(repo);
      // The default port may be taken (a watch of your own): any free port does for a demo.
      page = await serve(opts.listenPort).catch((error: unknown) => {
        if (error instanceof GitopsError && error.code === 'listen-in-use' && opts.anyPortIfTaken) return serve(0);
        throw error;
      });
      note(`status page ${page.url}: open it to watch each rollout move unit by unit`);
    }
    const inner: CliContext = { ...ctx, cwd: sandbox.repo, env: { ...ctx.env, JUJU_GITOPS_HOME: sandbox.controllerDir }, onEvent: (e) => state.event(e) };
    const cli = async (args: string[]) => {
      ctx.out(`\n$ juju-gitops ${args.join(' ')}\n`);
      return opts.runCli(args, inner);
    };

    title('Deploying model web: four appservers behind a real haproxy');
    if ((await cli(['apply', '--model', 'web'])) !== 0) return 1;
    const url = `http://127.0.0.1:${sandbox.port}/`;
    note(`waiting for haproxy on ${url} to reach all four appservers`);
    if (!(await servedByAll(url, 4, 30_000, ctx.signal))) {
      note('haproxy did not reach all four appservers within 30s');
      return 1;
    }
    if (ctx.signal.aborted) return 130;

    title(`Sending load: 4 clients hitting ${url} for the rest of the demo`);
    load = startLoad({ url, connections: 4, pauseMs: 5, maxMs: opts.maxLoadMs ?? 120_000, classify: buildLabel });
    await sleep(500);

    title('Commit 1: build_label v1 → v2; the appservers restart one by one, each checked before the next');
    const goodCommit = await sandbox.commitOption('web', 'appserver', 'build_label', 'v2', 'appserver: roll out build v2');
    note(`committed ${goodCommit.slice(0, 12)}`);
    let mark = load.snapshot();
    const good = await cli(['apply', '--model', 'web']);
    await sleep(300);
    const goodLoad = delta(mark, load.snapshot());
    title(`During that rollout: ${describeLoad(goodLoad)}`);
    if (ctx.signal.aborted) return 130;

    title('Commit 2: build_label v2 → v3-bad, a build that does not start');
    const badCommit = await sandbox.commitOption('web', 'appserver', 'build_label', 'v3-bad', 'appserver: roll out build v3-bad');
    note(`committed ${badCommit.slice(0, 12)}`);
    mark = load.snapshot();
    const bad = await cli(['apply', '--model', 'web']);
    await sleep(300);
    const badLoad = delta(mark, load.snapshot());
    title(`During the failed rollout: ${describeLoad(badLoad)}`);
    const live = await controller.backend.readModel('web');
    note(`units now: ${unitSummary(live)}`);

    await cli(['history', '--model', 'web']);
    const total = await load.stop();
    load = undefined;
    const asTold = good === 0 && goodLoad.failed === 0 && bad === 1 && badLoad.failed === 0 && movedBadUnits(live) === 0;
    title(
      asTold
        ? `Done in ${Math.round((Date.now() - begun) / 1000)}s: ${total.requests} requests, ${total.failed} failed; the good build rolled out unit by unit, the bad one stopped at its first unit and was rolled back.`
        : `Finished in ${Math.round((Date.now() - begun) / 1000)}s, but not as expected: ${total.requests} requests, ${total.failed} failed${total.errors.length ? ` (${total.errors.join('; ')})` : ''}`,
    );
    return ctx.signal.aborted ? 130 : asTold ? 0 : 1;
  } finally {
    await page?.close();
    if (load) await load.stop();
    if (controller) {
      note('cleaning up: stopping every unit process and the controller, removing the temporary folder');
      await controller.stop({ stopUnits: true });
    }
    sandbox?.remove();
  }
}

/** The appserver answers `{"unit": …, "build_label": …}`. */
function buildLabel(body: string): string {
  try {
    return String((JSON.parse(body) as { build_label?: unknown }).build_label ?? '?');
  } catch {
    return '?';
  }
}

function unitSummary(live: LiveModel): string {
  return Object.values(live.applications.appserver?.units ?? {})
    .map((u) => `${u.name} ${String(u.applied.options.build_label ?? '?')} (${u.workload.current})`)
    .join(', ');
}

function movedBadUnits(live: LiveModel): number {
  return Object.values(live.applications.appserver?.units ?? {}).filter((u) => String(u.applied.options.build_label).includes('bad')).length;
}

/** Polls the load balancer until answers have come from `count` different units. */
async function servedByAll(url: string, count: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { unit?: string };
      if (response.ok && body.unit) seen.add(body.unit);
      if (seen.size >= count) return true;
    } catch {
      // haproxy or the units are still starting.
    }
    await sleep(50);
  }
  return false;
}
