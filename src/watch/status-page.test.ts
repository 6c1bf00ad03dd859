import { describe, expect, it } from 'vitest';
import { fixedSnapshot, secretValue } from '../../test/watch/fixed-snapshot.js';
import { escapeHtml, renderStatusPage } from './status-page.js';

const page = () => renderStatusPage(fixedSnapshot(), { refreshSeconds: 5 });

describe('renderStatusPage', () => {
  it('matches the golden page for a fixed state', async () => {
    await expect(page()).toMatchFileSnapshot('golden/status-page.html');
  });

  it('reloads itself and loads nothing from elsewhere', () => {
    const html = page();
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('escapes what comes from the model', () => {
    const html = page();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more');
  });

  it('never shows a secret value', () => {
    expect(page()).not.toContain(secretValue);
    expect(page()).toContain('api_token=***');
  });

  it('shows each unit with its statuses, build, generation, [old] and rollout phase', () => {
    const row = (unit: string) => page().split('\n').find((l) => l.startsWith(`<tr><td>${unit}`)) ?? '';
    expect(row('app/0*')).toMatch(/active.*idle.*local:sim rev 3.*label=v3.*canary/);
    expect(row('app/1')).toMatch(/maintenance.*executing.*settling.*\[old\]<\/span> restarting/);
    expect(row('app/2')).toMatch(/error/);
  });

  it('shows the rollout in progress, drift, the last failure and history', () => {
    const html = page();
    expect(html).toContain('rollout in progress <code>20250101T120020Z-bbbbbb</code>');
    expect(html).toContain('waiting for app/1 to settle (agent idle, workload active)');
    expect(html).toContain('drift: 2 changes');
    expect(html).toContain('unknown field &#34;chram&#34;');
    expect(html).toContain('app/2: status: workload error');
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
