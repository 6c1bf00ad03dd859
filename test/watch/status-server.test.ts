import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import { bundleText, makeRepoFixture, type RepoFixture } from '../apply/fixture.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { parseMetrics } from './parse-metrics.js';

const token = 'tok-status-page-7f3a9c';

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves true when a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

let tc: TestController;
let f: RepoFixture;
let stop: AbortController;
let running: Promise<number>;
let ctx: ReturnType<typeof captureContext>;
let base: string;
let port: number;

const metrics = async () => parseMetrics(await (await fetch(`${base}metrics`)).text());

beforeAll(async () => {
  tc = await startTestController();
  f = await makeRepoFixture({ tc, token });
  stop = new AbortController();
  ctx = captureContext({ cwd: f.dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' }, signal: stop.signal });
  running = runCli(['watch', '--listen', '0', '--interval', '200ms'], ctx);
  base = await until('the status page URL', async () => /status page at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(ctx.stdout())?.[1]);
  port = Number(new URL(base).port);
});

afterAll(async () => {
  stop?.abort();
  await running;
  await f?.cleanup();
  await tc?.stop();
});

describe('watch --listen', () => {
  it('counts reconciles and moved units, and gauges units and drift, in /metrics', async () => {
    const labels = async () => Object.values(await f.applied('app', 'label'));
    await until('the first reconcile', async () => (await labels()).length === 4);
    await f.commit({ [f.bundle]: bundleText({ label: 'v2', token }) }, 'label v2');
    await until('units at v2', async () => (await labels()).every((l) => l === 'v2'));
    const m = await until('the v2 rollout counted', async () => {
      const parsed = await metrics();
      return parsed.value('juju_gitops_units_moved_total', { model: f.model }) === 4 && parsed;
    });
    expect(m.value('juju_gitops_reconciles_total', { model: f.model, outcome: 'done' })).toBe(2);
    expect(m.value('juju_gitops_reconciles_total', { model: f.model, outcome: 'failed' })).toBe(0);
    expect(m.value('juju_gitops_rollout_failures_total', { model: f.model })).toBe(0);
    expect(m.value('juju_gitops_units', { model: f.model, workload: 'active' })).toBe(4);
    expect(m.value('juju_gitops_watch_errors_total')).toBe(0);
    const last = m.value('juju_gitops_last_reconcile_timestamp_seconds', { model: f.model });
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);
    expect((await until('a drift check', async () => (await metrics()).samples.find((s) => s.name === 'juju_gitops_drift')))?.value).toBe(0);
  });

  it('shows every unit with its build and no secret value on /', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    for (const unit of ['app/0', 'app/1', 'app/2', 'app/3']) expect(html).toContain(`<tr data-live-unit="${unit}"><td>${unit}`);
    expect(html).toContain('label=v2 api_token=***');
    expect(html).toMatch(/Last rollout of <code>[0-9a-f]{12}<\/code>: <span class="s-done">done<\/span>/);
    expect(html).not.toContain(token);
  });

  it('serves the same data as JSON on /api/status', async () => {
    const res = await fetch(`${base}api/status`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain(token);
    const status = JSON.parse(text);
    expect(status).toMatchObject({ generatedAt: expect.any(String), watch: { startedAt: expect.any(String), errors: 0 } });
    const [model] = status.models;
    expect(model).toMatchObject({ name: f.model, state: 'deployed', generation: null, activity: { unitsMoved: 4, rolloutFailures: 0 } });
    expect(model.applications[0].units).toHaveLength(4);
    expect(model.applications[0].units[0]).toMatchObject({ workload: { current: 'active' }, generation: null, old: false, applied: { options: { label: 'v2', api_token: '***' } } });
    expect(model.history.map((r: { purpose: string; outcome: string }) => [r.purpose, r.outcome]).slice(0, 2)).toEqual([['watch', 'done'], ['watch', 'done']]);
  });

  it('is read-only: POST gets 405', async () => {
    for (const path of ['', 'metrics', 'api/status']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body: 'x' });
      expect(res.status).toBe(405);
      await res.text();
    }
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await accepts('127.0.0.1', port)).toBe(true);
    const elsewhere = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address);
    for (const address of ['127.0.0.2', '::1', ...elsewhere]) expect(await accepts(address, port), address).toBe(false);
  });

  it('pushes a new rendering over /events as a rollout moves each unit, without a reload', async () => {
    const res = await fetch(`${base}events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const phases = new Set<string>();
    const nextEvent = async (): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: status\n')) return block.split('\n').slice(1).map((l) => l.replace(/^data: /, '')).join('\n');
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
    };
    try {
      expect(await nextEvent()).toContain(`<tr data-live-unit="app/0">`);
      // A check that takes a moment, so each unit is seen while it is being checked.
      const slowCheck = ['      batch: 1', '      healthCheck:', '        type: exec', "        command: 'sleep 0.3'"].join('\n');
      await f.commit({ 'juju-gitops.yaml': f.config(slowCheck), [f.bundle]: bundleText({ label: 'v3', token }) }, 'label v3');
      // Bounded by the test's timeout: each push is a rendering of <main> with the rollout in it.
      for (;;) {
        const html = await nextEvent();
        for (const m of html.matchAll(/data-unit="(app\/\d)"><td>[^<]*<\/td><td><span class="phase" data-phase="([a-z-]+)"/g)) phases.add(`${m[1]} ${m[2]}`);
        expect(html).not.toContain(token);
        if (/Last rollout of <code>[0-9a-f]{12}<\/code>: <span class="s-done">done/.test(html) && html.includes('<code>label=v3')) break;
      }
    } finally {
      await reader.cancel();
    }
    // Units were seen mid-move, not only before and after.
    expect([...phases].some((p) => !p.endsWith(' done') && !p.endsWith(' queued'))).toBe(true);
    expect(phases).toContain('app/0 done');
  }, 30_000);

  it('reports drift and a broken commit, then stops with the watch and frees its port', async () => {
    await tc.backend.applyChange(f.model, {
      id: 'config-app', kind: 'config', classification: 'restart', description: 'out-of-band change', requires: [],
      application: 'app', set: { label: 'hand-edited' }, unset: [], from: { label: 'v2' },
    });
    await until('drift seen', async () => (await metrics()).value('juju_gitops_drift', { model: f.model }) === 1);
    await f.commit({ [f.bundle]: 'applications:\n  app: [unterminated\n' }, 'broken bundle');
    await until('the failure counted', async () => (await metrics()).value('juju_gitops_watch_errors_total') >= 1);
    expect(await (await fetch(base)).text()).toMatch(/class="s-error">last run failed at/);

    stop.abort();
    expect(await running).toBe(0);
    expect(ctx.stdout()).toContain('stopped watching');
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });
});
