import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.js';

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jg-hostile-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (cwd: string, ...argv: string[]) => runCliCaptured(argv, { cwd, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

function writeTree(root: string, files: Record<string, string | Buffer>) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A repository with one model whose bundle is `bundle`. */
function repoWith(bundle: string | Buffer, extra: Record<string, string | Buffer> = {}): string {
  const root = tempDir();
  writeTree(root, { 'juju-gitops.yaml': 'models:\n  web:\n    bundle: bundles/web.yaml\n', 'bundles/web.yaml': bundle, ...extra });
  return root;
}

describe('includes and bundles that are not regular files', () => {
  it.each(['validate', 'render'])('%s refuses an include of a FIFO instead of waiting on it forever', async (command) => {
    const root = repoWith('applications:\n  web:\n    charm: nginx\n    options:\n      motd: include-file://../pipe\n');
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const { code, out, err } = await run(root, command);
    expect(code).toBe(2);
    expect(out + err).toContain('bundles/web.yaml:5:13: error[include-not-regular-file]: include file');
    expect(out + err).toContain('is a FIFO (named pipe)');
  });

  it('refuses a bundle file that is a FIFO', async () => {
    const root = tempDir();
    execFileSync('mkfifo', [join(root, 'bundle.yaml')]);
    const { code, out } = await run(root, 'validate', 'bundle.yaml');
    expect(code).toBe(2);
    expect(out).toContain('bundle.yaml: error[file-not-regular]: is a FIFO (named pipe), not a bundle file');
  });
});

describe('control characters, refused as go-yaml refuses them', () => {
  it.each([
    ['NUL', '\0', 'U+0000'],
    ['BEL', '\x07', 'U+0007'],
    ['ESC', '\x1b', 'U+001B'],
    ['DEL', '\x7f', 'U+007F'],
    ['a C1 control', '\x9b', 'U+009B'],
  ])('refuses %s in a value, with its position', async (_name, char, shown) => {
    const root = repoWith(`applications:\n  web:\n    charm: nginx\n    options:\n      motd: "hi${char}there"\n`);
    const { code, out } = await run(root, 'validate');
    expect(code).toBe(2);
    expect(out).toContain(`bundles/web.yaml:5:16: error[yaml-control-character]: control characters are not allowed (${shown})`);
  });

  it.each([
    ['tab, CR/LF, NEL and BOM', '\uFEFFapplications:\r\n  web:\n    charm: nginx\n    options:\n      motd: "a\tb\x85c"\n'],
    ['characters beyond the BMP', 'applications:\n  web:\n    charm: nginx\n    options:\n      motd: "🚀 ok"\n'],
  ])('takes %s, which go-yaml takes', async (_what, text) => {
    const { code, out } = await run(repoWith(text), 'validate');
    expect(out).not.toContain('yaml-control-character');
    expect(code).toBe(0);
  });
});

describe('paths leaving the folder', () => {
  it('reads a bundle file that is a symbolic link out of its folder, with a warning', async () => {
    const outside = tempDir();
    writeTree(outside, { 'real.yaml': 'applications:\n  web:\n    charm: nginx\n' });
    const here = tempDir();
    symlinkSync(join(outside, 'real.yaml'), join(here, 'bundle.yaml'));
    const { code, out } = await run(here, 'validate', 'bundle.yaml');
    expect(code).toBe(0);
    expect(out).toContain(`bundle.yaml: warning[file-link-leaves-folder]: is a symbolic link to ${join(outside, 'real.yaml')}, outside its folder; reading it`);
  });

  it('refuses, in a repository, a local charm outside it', async () => {
    const root = repoWith('applications:\n  web:\n    charm: /etc\n    num_units: 1\n');
    const { code, out } = await run(root, 'validate');
    expect(code).toBe(2);
    expect(out).toContain('bundles/web.yaml:3:12: error[charm-path-escapes-repo]: charm path in application `web` leads outside the repository: /etc');
  });

  it('refuses, in a repository, a local charm reached through a symbolic link out of it', async () => {
    const outside = tempDir();
    writeTree(outside, { 'charm/metadata.yaml': 'name: web\n' });
    const root = repoWith('applications:\n  web:\n    charm: ../charms/web\n    num_units: 1\n');
    mkdirSync(join(root, 'charms'));
    symlinkSync(join(outside, 'charm'), join(root, 'charms/web'));
    const { code, out } = await run(root, 'validate');
    expect(code).toBe(2);
    expect(out).toContain('error[charm-path-escapes-repo]');
  });

  it('keeps taking a local charm inside the repository', async () => {
    const root = repoWith('applications:\n  web:\n    charm: ../charms/web\n    num_units: 1\n', { 'charms/web/metadata.yaml': 'name: web\n' });
    const { code, out } = await run(root, 'validate');
    expect(out).not.toContain('error[');
    expect(code).toBe(0);
  });
});
