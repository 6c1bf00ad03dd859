import { describe, expect, it } from 'vitest';
import { fixedSnapshot, secretValue } from '../../test/watch/fixed-snapshot.js';
import { escapeHtml, renderStatusMain, renderStatusPage, statusPageSecurityPolicy } from './status-page.js';
import { statusScript } from './status-script.js';
import { statusStyle } from './status-style.js';

const page = () => renderStatusPage(fixedSnapshot(), { refreshSeconds: 5 });
const rowOf = (html: string, attr: string, unit: string) => html.split('\n').find((l) => l.startsWith(`<tr ${attr}="${unit}">`)) ?? '';

describe('renderStatusPage', () => {
  it('matches the golden page for a fixed state', async () => {
    await expect(page()).toMatchFileSnapshot('golden/status-page.html');
  });

  it('is one self-contained document: its own style and script, nothing loaded from elsewhere', () => {
    const html = page();
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(`<script>${statusScript}</script>`);
    expect(html).toContain(`<style>${statusStyle}</style>`);
  });

  it('allows exactly its own script and style by hash, and connections only to its server', () => {
    expect(statusPageSecurityPolicy).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'/);
    expect(statusPageSecurityPolicy).not.toContain('unsafe');
  });

  it('still updates without JavaScript: a refresh inside <noscript>', () => {
    expect(page()).toContain('<noscript><meta http-equiv="refresh" content="5"></noscript>');
  });

  it('follows live updates with EventSource and swaps <main>', () => {
    expect(statusScript).toContain("new EventSource('/events')");
    expect(page()).toContain('<main id="status">');
  });

  it('follows the light or dark setting of the reader', () => {
    expect(statusStyle).toContain('color-scheme:light dark');
    expect(statusStyle).toContain('@media (prefers-color-scheme:dark)');
  });

  it('escapes what comes from the model', () => {
    const html = page();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more');
  });

  it('never shows a secret value, in units or in the pending diff', () => {
    expect(page()).not.toContain(secretValue);
    expect(page()).toContain('api_token=***');
    expect(page()).toContain('root-password');
  });

  it('gives every model a card with its sync state, health, last commit applied and drift', () => {
    const html = renderStatusMain(fixedSnapshot());
    const card = (model: string) => html.slice(html.indexOf(`data-model="${model}"`), html.indexOf('</li>', html.indexOf(`data-model="${model}"`)));
    expect(card('web')).toMatch(/progressing[\s\S]*health<\/dt><dd>1\/3 active, <span class="s-error">1 failing[\s\S]*drift<\/dt><dd>none[\s\S]*rollout<\/dt><dd>1\/3 units/);
    expect(card('db')).toMatch(/out of sync[\s\S]*no units[\s\S]*2 changes/);
  });

  it('shows the rollout in progress: a progress bar per change and each unit in its phase', () => {
    const html = page();
    expect(html).toContain('Rollout in progress');
    expect(html).toContain('<progress max="3" value="1" aria-label="set options of app: 1 of 3 units through">');
    expect(rowOf(html, 'data-unit', 'app/1')).toContain('data-phase="settling"');
    expect(rowOf(html, 'data-unit', 'app/2')).toContain('data-phase="queued"');
    expect(html).toContain('waiting for app/1 to settle (agent idle, workload active)');
  });

  it('shows each unit with its statuses, build, generation, [old] and rollout phase', () => {
    const html = page();
    expect(rowOf(html, 'data-live-unit', 'app/0')).toMatch(/active.*idle.*local:sim rev 3.*label=v3.*canary.*done/);
    expect(rowOf(html, 'data-live-unit', 'app/1')).toMatch(/maintenance.*executing.*settling.*\[old\]<\/span> restarting/);
    expect(rowOf(html, 'data-live-unit', 'app/2')).toMatch(/error/);
  });

  it('shows generation progress with the units behind it marked [old]', () => {
    const html = page();
    expect(html).toContain('<progress max="3" value="1" aria-label="app: 1 of 3 units track canary">');
    expect(html).toContain('app/1 <span class="s-old">[old]</span>, app/2 <span class="s-old">[old]</span>');
  });

  it('renders the pending diff: each change with its values', () => {
    const html = page();
    expect(html).toContain('Pending changes <span class="muted">(2 changes');
    expect(html).toMatch(/<code>deploy-db<\/code> <span class="s-in-place">in-place<\/span> deploy application db/);
    expect(html).toContain('none: the model matched the repository');
  });

  it('draws the offer graph: who consumes what', () => {
    const html = page();
    expect(html).toContain('Cross-model relations');
    expect(html).toMatch(/<td>blog<\/td><td><code>local:admin\/web.app-http<\/code><\/td><td>web<\/td><td>app:http<\/td><td><span class="s-joined">joined/);
    expect(html).toMatch(/web <span class="muted">as db<\/span>.*local:admin\/db.mysql.*<td>db<\/td>.*not related/);
  });

  it('lists history with each run\'s events, and the failure', () => {
    const html = page();
    expect(html).toContain('6 events of <code>20250101T120000Z-aaaaaa</code>');
    expect(html).toContain('<li class="s-failed">12:00:09 config-app app/2 failed its status check: workload error</li>');
    expect(html).toContain('app/2: status: workload error');
    expect(html).toContain('unknown field &#34;chram&#34;');
    expect(html).toContain('not deployed yet');
  });

  it.each([
    ['<b>', '&#60;b&#62;'],
    ['"q" & \'s\'', '&#34;q&#34; &#38; &#39;s&#39;'],
    [42, '42'],
  ])('escapes %j', (value, escaped) => {
    expect(escapeHtml(value)).toBe(escaped);
  });
});
