import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import { bundleText, makeRepoFixture, repoRoot, type RepoFixture } from '../apply/fixture.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * The status page in a real browser (Debian's Chromium, installed by .ci/setup) while `watch`
 * rolls changes out: it loads, shows every model, follows a rollout unit by unit without a
 * reload, and shows a failing check's output. Screenshots land in test-artifacts/.
 */
const executablePath = '/usr/bin/chromium';
const artifacts = path.join(repoRoot, 'test-artifacts');
const token = 'tok-browser-4b1d9e';
const failOutput = 'health: build v3-bad refused on';

/** Health check: a moment long, so units are seen being checked; fails on app/1 for the bad build. */
function policy(failOn?: string): string {
  const command = failOn ? `if [ "$UNIT" = "${failOn}" ]; then echo "${failOutput} $UNIT"; exit 1; fi; sleep 0.3` : 'sleep 0.3';
  return ['      batch: 1', '      healthTimeout: 2s', '      healthCheck:', '        type: exec', `        command: '${command}'`].join('\n');
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve().then(check).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const profiles: string[] = [];

/** A browser with a fresh profile of its own, removed after the test. */
async function browser(opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-chromium-'));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, { executablePath, headless: true, args: launchArgs, viewport: { width: 1280, height: 900 }, ...opts });
}

let tc: TestController;
let f: RepoFixture;
let stop: AbortController;
let running: Promise<number>;
let ctx: ReturnType<typeof captureContext>;
let base: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: run bash .ci/setup (it installs Debian's chromium)`);
  fs.mkdirSync(artifacts, { recursive: true });
  tc = await startTestController();
  f = await makeRepoFixture({ tc, token, rollout: policy() });
  stop = new AbortController();
  ctx = captureContext({ cwd: f.dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' }, signal: stop.signal });
  running = runCli(['watch', '--listen', '0', '--interval', '0'], ctx);
  base = await until('the status page URL', () => /status page at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(ctx.stdout())?.[1]);
  await until('the first reconcile', async () => Object.values(await f.applied('app', 'label')).length === 4);
  context = await browser();
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  stop?.abort();
  await running;
  await f?.cleanup();
  await tc?.stop();
  for (const profile of profiles) fs.rmSync(profile, { recursive: true, force: true });
});

describe('the status page in Chromium', () => {
  it('loads, shows every watched model and says it is live', async () => {
    await page.goto(base);
    await page.locator('#live', { hasText: 'live' }).waitFor();
    expect(await page.locator('.cards [data-model]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-model')))).toEqual([f.model]);
    for (const unit of ['app/0', 'app/1', 'app/2', 'app/3']) await expect.poll(() => page.locator(`[data-live-unit="${unit}"]`).count()).toBe(1);
    expect(await page.content()).not.toContain(token);
  });

  it('follows a rollout unit by unit without reloading', async () => {
    // A reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { mark: string }).mark = 'same document'));
    const seen = page.evaluate(() => new Promise<string[]>((resolve) => {
      const phases: string[] = [];
      const record = () => {
        for (const el of document.querySelectorAll('tr[data-unit] .phase')) {
          const entry = `${el.closest('tr')!.getAttribute('data-unit')} ${el.getAttribute('data-phase')}`;
          if (phases.at(-1) !== entry && !phases.includes(entry)) phases.push(entry);
        }
        if (document.querySelector('h3[id^="rollout-"]')?.textContent?.startsWith('Last rollout') && document.body.textContent!.includes('label=v2')) resolve(phases);
      };
      new MutationObserver(record).observe(document.getElementById('status')!, { childList: true, subtree: true });
    }));
    await f.commit({ [f.bundle]: bundleText({ label: 'v2', token }) }, 'label v2');
    const phases = await seen;
    expect(await page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe('same document');
    // Every unit was seen mid-move (being checked) and then done.
    for (const unit of ['app/0', 'app/1', 'app/2', 'app/3']) {
      expect(phases).toContain(`${unit} done`);
      expect(phases.some((p) => p.startsWith(`${unit} `) && !/ (done|queued)$/.test(p)), `${unit} seen moving in ${phases.join(', ')}`).toBe(true);
    }
    await page.screenshot({ path: path.join(artifacts, 'status-page-rollout.png'), fullPage: true });
  });

  it('shows the failing check\'s output when a rollout stops', async () => {
    await f.commit({ 'juju-gitops.yaml': f.config(policy('app/1')), [f.bundle]: bundleText({ label: 'v3-bad', token }) }, 'label v3-bad');
    const output = page.locator('[data-failure-output]');
    await output.waitFor({ timeout: 30_000 });
    expect(await output.textContent()).toContain(`${failOutput} app/1`);
    await page.locator('td > .s-failed', { hasText: 'failed' }).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe('same document');
    await page.screenshot({ path: path.join(artifacts, 'status-page-failure.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(artifacts, 'status-page-failure-dark.png'), fullPage: true });
  });

  it.each(['light', 'dark'] as const)('keeps every coloured word at 4.5:1 contrast or more in %s mode', async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    const worst = await page.evaluate(() => {
      const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const bg = getComputedStyle(el).backgroundColor;
          if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return rgb(bg);
        }
        return rgb(getComputedStyle(document.documentElement).backgroundColor);
      };
      let min = { ratio: Infinity, text: '' };
      for (const el of document.querySelectorAll('[class^="s-"], .muted, a, caption, dt')) {
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < min.ratio) min = { ratio, text: `${el.className || el.tagName}: ${el.textContent?.slice(0, 30)}` };
      }
      return min;
    });
    expect(worst.ratio, worst.text).toBeGreaterThanOrEqual(4.5);
  });

  it('is a complete page without JavaScript', async () => {
    const plain = await browser({ javaScriptEnabled: false });
    try {
      const p = await plain.newPage();
      await p.goto(base);
      expect(await p.locator('#live').textContent()).toBe('snapshot');
      expect(await p.locator('[data-live-unit]').count()).toBe(4);
      expect(await p.locator('[data-failure-output]').textContent()).toContain(failOutput);
      expect(await p.locator('table caption').count()).toBeGreaterThan(2);
      expect(await p.locator('th:not([scope="col"])').count()).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
