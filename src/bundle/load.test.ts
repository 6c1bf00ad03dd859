import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFiles } from './load.js';

let root: string;
const write = (rel: string, text: string | Buffer) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'jg-load-'));
  write('charms/app/metadata.yaml', 'name: app\n');
  write('charms/app/config.yaml', `options:\n${['motd', 'motd2', 'plain', 'banner', 'logo'].map((o) => `  ${o}: {type: string}\n`).join('')}`);
  write('bundles/files/motd.txt', 'base motd');
  write('overlays/files/motd.txt', 'overlay motd');
  write('overlays/files/logo.bin', Buffer.from([0, 255, 1, 254]));
  write('bundles/web.yaml', [
    'applications:',
    '  web:',
    '    charm: ../charms/app',
    '    num_units: 2',
    '    options:',
    '      motd: include-file://files/motd.txt',
    '      plain: keep include-file:// in the middle',
    '---',
    'applications:',
    '  web:',
    '    options:',
    '      motd2: include-file://files/motd.txt',
    '',
  ].join('\n'));
  write('overlays/prod.yaml', [
    'applications:',
    '  web:',
    '    num_units: 3',
    '    options:',
    '      banner: include-file://files/motd.txt',
    '      logo: include-base64://files/logo.bin',
    'relations:',
    '  - [web, cache]',
    'saas:',
    '  cache:',
    '    url: admin/redis.cache',
    '',
  ].join('\n'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loading a bundle with its overlays', () => {
  it('resolves includes relative to the file holding them, and local charms to absolute paths', async () => {
    const loaded = await loadBundleFiles(['bundles/web.yaml', 'overlays/prod.yaml'], { root });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toEqual(['bundles/web.yaml', 'overlays/prod.yaml']);
    expect(loaded.bundle.applications.web).toEqual({
      charm: join(root, 'charms/app'),
      num_units: 3,
      options: {
        motd: 'base motd',
        motd2: 'base motd',
        plain: 'keep include-file:// in the middle',
        banner: 'overlay motd',
        logo: Buffer.from([0, 255, 1, 254]).toString('base64'),
      },
    });
  });

  it('locates each value in the file and document that last wrote it', async () => {
    const loaded = await loadBundleFiles(['bundles/web.yaml', 'overlays/prod.yaml'], { root });
    expect(loaded.locate('/applications/web/charm')).toEqual({ file: 'bundles/web.yaml', line: 3, col: 12 });
    expect(loaded.locate('/applications/web/num_units')).toEqual({ file: 'overlays/prod.yaml', line: 3, col: 16 });
    expect(loaded.locate('/applications/web/options/motd2')).toEqual({ file: 'bundles/web.yaml', line: 12, col: 14 });
    expect(loaded.locate('/relations/0')).toEqual({ file: 'overlays/prod.yaml', line: 8, col: 5 });
    expect(loaded.locate('/applications/web/options/nothing')).toEqual({ file: 'overlays/prod.yaml', line: 4, col: 5 });
  });

  it('reports a missing file as a diagnostic, not an exception', async () => {
    const loaded = await loadBundleFiles(['bundles/web.yaml', 'overlays/none.yaml'], { root });
    expect(loaded.diagnostics).toMatchObject([{ code: 'file-not-found', file: 'overlays/none.yaml', severity: 'error' }]);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const loaded = await loadBundleFiles(['bundles/web.yaml'], { root, maxFileBytes: 10 });
    expect(loaded.diagnostics).toMatchObject([{ code: 'file-too-large', file: 'bundles/web.yaml' }]);
  });

  it('refuses a file that is not UTF-8, at the first bad byte', async () => {
    write('bundles/latin1.yaml', Buffer.from('applications:\n  web:\n    charm: ../charms/app\n    options:\n      motd: "caf\xe9"\n', 'latin1'));
    const loaded = await loadBundleFiles(['bundles/latin1.yaml'], { root });
    expect(loaded.diagnostics).toMatchObject([{ code: 'file-not-utf8', severity: 'error', file: 'bundles/latin1.yaml', line: 5, col: 17 }]);
  });

  it('refuses an include that a symbolic link takes outside the root', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'jg-outside-'));
    try {
      writeFileSync(join(outside, 'secret.txt'), 'not for the bundle');
      symlinkSync(join(outside, 'secret.txt'), join(root, 'bundles/files/linked.txt'));
      write('bundles/linked.yaml', 'applications:\n  web:\n    charm: ../charms/app\n    options:\n      motd: include-file://files/linked.txt\n');
      const loaded = await loadBundleFiles(['bundles/linked.yaml'], { root });
      expect(loaded.diagnostics).toMatchObject([{ code: 'include-escapes-repo', file: 'bundles/linked.yaml', line: 5, col: 13 }]);
      expect(JSON.stringify(loaded.bundle)).not.toContain('not for the bundle');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses an empty bundle', async () => {
    write('bundles/empty.yaml', '# nothing yet\n');
    const loaded = await loadBundleFiles(['bundles/empty.yaml'], { root });
    expect(loaded.diagnostics).toMatchObject([{ code: 'bundle-empty', file: 'bundles/empty.yaml', line: 1, col: 1 }]);
  });
});
