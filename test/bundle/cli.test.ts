import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.js';

const examples = resolve(import.meta.dirname, '../../examples');
const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jg-cli-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** No git identity of the machine leaks in, and none is needed. */
const env = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

const run = (cwd: string, ...argv: string[]) => runCliCaptured(argv, { cwd, env });

function writeTree(root: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

describe('juju-gitops validate', () => {
  it('validates every model of the example repository', async () => {
    const { code, out } = await run(join(examples, 'bundles'), 'validate');
    expect(code).toBe(0);
    expect(out).toMatch(/✓ model web \(bundles\/web.yaml \+ 1 overlay\): valid, 2 applications/);
    expect(out.match(/✓ model/g)).toHaveLength(5);
  });

  it('prints JSON with --format json', async () => {
    const { code, out } = await run(examples, 'validate', '--model', 'mysql', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      valid: true,
      results: [{ model: 'mysql', files: ['bundles/mysql.yaml', 'overlays/mysql/offers.yaml'], valid: true, applications: 1, diagnostics: [] }],
    });
  });

  it('exits 2 and prints file:line:col, code and hint for each problem', async () => {
    const root = tempDir();
    writeTree(root, {
      'juju-gitops.yaml': 'models:\n  web: {}\n',
      'bundles/web.yaml': 'applications:\n  web:\n    charm: nginx\n    options:\n    workers: 4\n    num_units: "2"\n',
    });
    const { code, out, err } = await run(root, 'validate');
    expect(code).toBe(2);
    expect(out).toContain('bundles/web.yaml:5:5: warning[misindented-key]: `workers` is not an application field and is ignored by Juju; `options:` above it is empty\n  hint: indent `workers` under `options:`\n');
    expect(out).toContain('bundles/web.yaml:6:16: error[invalid-type]: applications.web.num_units must be an integer, not string "2"');
    expect(out).toContain('✗ model web (bundles/web.yaml) is not valid');
    expect(err).toBe('');
  });

  it('takes a bundle and overlays directly, as juju deploy does, without juju-gitops.yaml', async () => {
    const root = tempDir();
    writeTree(root, {
      'b.yaml': 'applications:\n  web:\n    charm: nginx\n',
      'o1.yaml': 'applications:\n  web:\n    num_units: 2\n',
      'o2.yaml': 'relations:\n  - [web, db]\n',
    });
    expect((await run(root, 'validate', 'b.yaml', '--overlay', 'o1.yaml')).code).toBe(0);
    const bad = await run(root, 'validate', 'b.yaml', '--overlay', 'o1.yaml', '--overlay', 'o2.yaml');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('o2.yaml:2:11: error[relation-unknown-application]');
  });

  it('validates a bundle given by absolute path from an unrelated folder, its includes resolved as Juju resolves them', async () => {
    const bundles = tempDir();
    const elsewhere = tempDir();
    const cwd = tempDir();
    writeTree(elsewhere, { 'ca.pem': 'CERT\n' });
    writeTree(bundles, {
      'bundle.yaml': `applications:\n  web:\n    charm: nginx\n    options:\n      motd: include-file://motd.txt\n      ca: include-base64://${join(elsewhere, 'ca.pem')}\n`,
      'motd.txt': 'hello\n',
      'overlays/o.yaml': 'applications:\n  web:\n    annotations:\n      note: include-file://../notes/web.txt\n',
      'notes/web.txt': 'from the overlay\n',
    });
    const bundle = join(bundles, 'bundle.yaml');
    const overlay = join(bundles, 'overlays/o.yaml');
    const { code, out } = await run(cwd, 'validate', bundle, '--overlay', overlay);
    expect(out).toBe(`✓ ${bundle} (${bundle} + 1 overlay): valid, 1 application\n`);
    expect(code).toBe(0);
    const rendered = await run(cwd, 'render', bundle, '--overlay', overlay);
    expect(rendered.out).toContain('motd: |\n        hello\n');
    expect(rendered.out).toContain(`ca: ${Buffer.from('CERT\n').toString('base64')}`);
    expect(rendered.out).toContain('note: |\n        from the overlay\n');
  });

  it('keeps includes of a repository model inside the repository, a deliberate safety rule', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    writeTree(elsewhere, { 'secret.txt': 'machine file\n' });
    writeTree(root, {
      'juju-gitops.yaml': 'models:\n  web: {}\n',
      'bundles/web.yaml': `applications:\n  web:\n    charm: nginx\n    options:\n      motd: include-file://${join(elsewhere, 'secret.txt')}\n`,
    });
    const { code, out } = await run(root, 'validate');
    expect(code).toBe(2);
    expect(out).toContain('bundles/web.yaml:5:13: error[include-escapes-repo]');
  });

  it('refuses a second bundle file instead of silently checking only the first', async () => {
    const root = tempDir();
    writeTree(root, { 'a.yaml': 'applications:\n  web:\n    charm: nginx\n', 'b.yaml': 'applications:\n  web:\n    num_units: x\n' });
    const { code, out, err } = await run(root, 'validate', 'a.yaml', 'b.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain("too many arguments for 'validate'");
  });

  it('outside a repository, says how to get into one with options that exist', async () => {
    const { code, err } = await run(tempDir(), 'validate');
    expect(code).toBe(2);
    expect(err).toContain('error[repo-not-found]');
    expect(err).not.toContain('--dir');
  });

  it('warns about a misspelt key and passes; --strict makes every warning an error', async () => {
    const root = tempDir();
    writeTree(root, { 'juju-gitops.yaml': 'models:\n  web: {}\n', 'bundles/web.yaml': 'applications:\n  web:\n    charm: nginx\n    num_unit: 2\n' });
    const lenient = await run(root, 'validate');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('bundles/web.yaml:4:5: warning[misspelled-key]: unknown key `num_unit` in applications.web is ignored by Juju\n  hint: did you mean `num_units`?\n');
    const strict = await run(root, 'validate', '--strict');
    expect(strict.code).toBe(2);
    expect(strict.out).toContain('bundles/web.yaml:4:5: error[misspelled-key]');
    expect(strict.out).toContain('✗ model web (bundles/web.yaml) is not valid');
    const json = JSON.parse((await run(root, 'validate', '--strict', '--format', 'json')).out);
    expect(json.valid).toBe(false);
    expect(json.results[0].diagnostics[0]).toMatchObject({ code: 'misspelled-key', severity: 'error' });
  });

  it('checks the open generation of each model too, as plan reads it', async () => {
    const root = tempDir();
    writeTree(root, {
      'juju-gitops.yaml': 'models:\n  web: {}\n',
      'bundles/web.yaml': 'applications:\n  web:\n    charm: nginx\n',
      'generations/web.yaml': 'name: more-workers\ncreated: "2026-01-01T00:00:00Z"\napplications:\n  web:\n    options: {workers: 4\ntargets: [web/0]\n',
    });
    const broken = await run(root, 'validate');
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/^generations\/web.yaml:\d+:\d+: error\[yaml-syntax\]/m);
    expect(broken.out).toContain('✗ model web (bundles/web.yaml + generations/web.yaml) is not valid');
    writeTree(root, { 'generations/web.yaml': 'name: more-workers\ncreated: "2026-01-01T00:00:00Z"\napplications:\n  web:\n    options: {workers: 4}\ntargets: [web/0]\n' });
    const fixed = await run(root, 'validate', '--format', 'json');
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.out).results[0]).toMatchObject({ model: 'web', generation: 'generations/web.yaml', valid: true });
  });

  it('validates a git revision instead of the working tree with --rev', async () => {
    const root = tempDir();
    writeTree(root, { 'juju-gitops.yaml': 'models:\n  web: {}\n', 'bundles/web.yaml': 'applications:\n  web:\n    charm: nginx\n' });
    const git = simpleGit(root).env({ PATH: process.env.PATH ?? '', HOME: root, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' });
    await git.init();
    await git.add('.');
    await git.commit('valid');
    writeFileSync(join(root, 'bundles/web.yaml'), 'applications:\n  web:\n    charm: nginx\n    num_units: -2\n');
    expect((await run(root, 'validate')).code).toBe(2);
    expect((await run(root, 'validate', '--rev', 'HEAD')).code).toBe(0);
    const unknown = await run(root, 'validate', '--rev', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('error[git-unknown-revision]: unknown git revision nope');
    // A file that exists in the working tree but not in the revision says which revision.
    writeTree(root, { 'juju-gitops.yaml': 'models:\n  web:\n    overlays: [overlays/web/extra.yaml]\n', 'overlays/web/extra.yaml': 'applications: {}\n' });
    await git.add('juju-gitops.yaml');
    await git.commit('name an overlay, forgetting to add it');
    const missing = await run(root, 'validate', '--rev', 'HEAD', '--model', 'web');
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('overlays/web/extra.yaml: error[file-not-found]: no such file in revision HEAD');
  });

  it('reports a broken juju-gitops.yaml without a stack trace, as JSON when asked', async () => {
    const root = tempDir();
    writeTree(root, { 'juju-gitops.yaml': 'modles:\n  web: {}\n' });
    const text = await run(root, 'validate');
    expect(text.code).toBe(2);
    expect(text.err).toContain('juju-gitops.yaml:1:1: error[misspelled-key]: unknown key `modles` at the top level\n  hint: did you mean `models`?');
    expect(text.err).not.toMatch(/\n\s+at /);
    const json = await run(root, 'validate', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, error: { code: 'config-invalid' } });
  });
});

describe('juju-gitops render', () => {
  it('prints the composed bundle of a model, as Juju would deploy it', async () => {
    const { code, out, err } = await run(examples, 'render', '--model', 'web');
    expect(err).toBe('');
    expect(code).toBe(0);
    await expect(out.replaceAll(examples, '<examples>')).toMatchFileSnapshot('golden/render-web.yaml');
  });

  it('masks secret option values', async () => {
    const { code, out, err } = await run(examples, 'render', '--model', 'openstack');
    expect(code).toBe(0);
    expect(out).toContain('admin-password: "********"');
    expect(out).not.toContain('openstack\n');
    expect(err).toContain('masked: keystone.admin-password');
  });

  it('asks for --model when the repository has several', async () => {
    const { code, err } = await run(examples, 'render');
    expect(code).toBe(2);
    expect(err).toContain('has 5 models; choose one with --model');
  });

  it('refuses to print a bundle that does not validate', async () => {
    const root = tempDir();
    writeTree(root, { 'b.yaml': 'applications:\n  web:\n    charm: nginx\nrelations:\n  - [web, db]\n' });
    const { code, out, err } = await run(root, 'render', 'b.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('b.yaml:5:11: error[relation-unknown-application]');
  });
});

describe('juju-gitops init', () => {
  let root: string;
  beforeAll(() => {
    root = join(tempDir(), 'ops');
  });

  it('scaffolds a repository that validates, with git and a first commit', async () => {
    const { code, out } = await run(tempDir(), 'init', root);
    expect(code).toBe(0);
    expect(out).toMatch(/Committed as [0-9a-f]{7}/);
    for (const f of ['juju-gitops.yaml', 'bundles/demo.yaml', 'overlays/demo/production.yaml', 'charms/hello/metadata.yaml', 'charms/hello/config.yaml', '.gitignore', '.juju-gitops/schemas/bundle.schema.json']) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    const log = await simpleGit(root).log();
    expect(log.total).toBe(1);
    expect((await simpleGit(root).status()).isClean()).toBe(true);
    expect((await run(root, 'validate')).code).toBe(0);
    const rendered = await run(root, 'render');
    expect(rendered.out).toContain('num_units: 3');
  });

  it('gives generation files a schema modeline inside the repository, so it works on every clone', async () => {
    expect((await run(root, 'generation', 'add', '--model', 'demo')).code).toBe(0);
    const text = readFileSync(join(root, 'generations/demo.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.juju-gitops\/schemas\/generation\.schema\.json\n/);
    expect(existsSync(join(root, '.juju-gitops/schemas/generation.schema.json'))).toBe(true);
    rmSync(join(root, 'generations'), { recursive: true });
  });

  it.each([
    ['a file', (file: string) => file, 'error[init-not-a-folder]'],
    ['a folder under a file', (file: string) => join(file, 'repo'), 'error[init-failed]'],
  ])('refuses %s as the folder, clearly', async (_what, target, message) => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'x');
    const { code, err } = await run(tempDir(), 'init', target(file));
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toContain('error[internal]');
  });

  it('never overwrites an existing repository', async () => {
    const { code, err } = await run(root, 'init');
    expect(code).toBe(2);
    expect(err).toContain('error[init-exists]');
  });
});
