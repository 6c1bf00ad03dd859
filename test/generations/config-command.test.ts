import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRepo, type RepoFixture } from './repo-fixture.js';

/**
 * `config APP k=v --generation current` writes where the value is decided — the base bundle,
 * or the overlay that sets it — and `config APP` shows where each value comes from. These run
 * offline: no controller is needed to edit files.
 */
let repo: RepoFixture;
let home: string;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'juju-gitops-home-'));
  repo = await exampleRepo({ JUJU_GITOPS_HOME: home });
});

afterEach(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

async function ok(...args: string[]): Promise<string> {
  const result = await repo.run(args);
  expect(result.code, result.err).toBe(0);
  return result.out;
}

describe('config --generation current', () => {
  it('changes the base bundle line and commits it', async () => {
    const before = repo.read('bundles/web.yaml');
    const out = await ok('config', 'appserver', 'build_label=v9', '--offline', '--commit');
    expect(out).toContain('Set appserver build_label=v9 in bundles/web.yaml');
    expect(repo.read('bundles/web.yaml')).toBe(before.replace('build_label: v1', 'build_label: v9'));
    expect(await repo.lastCommitMessage()).toBe('web: set appserver build_label=v9');
  });

  it('writes into the overlay that sets the option, leaving the base alone', async () => {
    const overlay = 'overlays/web/production.yaml';
    writeFileSync(join(repo.dir, overlay), `${repo.read(overlay).replace('  appserver:\n', '  appserver:\n    options:\n      build_label: v3   # pinned for production\n')}`);
    const base = repo.read('bundles/web.yaml');
    await ok('config', 'appserver', 'build_label=v4', '--generation', 'current', '--offline');
    expect(repo.read('bundles/web.yaml')).toBe(base);
    expect(repo.read(overlay)).toContain('      build_label: v4   # pinned for production\n');
    const shown = await ok('config', 'appserver', '--offline');
    expect(shown).toMatch(/build_label\s+v4\s+overlays\/web\/production.yaml/);
  });

  it('resets an option by removing it from the files', async () => {
    await ok('config', 'haproxy', '--reset', 'port', '--offline');
    expect(repo.read('bundles/web.yaml')).not.toMatch(/port: 8080/);
  });

  it('never prints or commits a secret value', async () => {
    const out = await ok('config', 'keystone', 'admin-password=s3cret-value', '--generation', 'current', '--offline', '--commit');
    expect(out).not.toContain('s3cret-value');
    expect(await repo.lastCommitMessage()).toBe('openstack: set keystone admin-password=***');
    expect(repo.read('bundles/openstack.yaml')).toContain('admin-password: s3cret-value');
    expect(await ok('config', 'keystone', '--offline', '--format', 'json')).not.toContain('s3cret-value');
  });

  it.each([
    [['config', 'appserver', 'build_label=v2', '--generation', 'next', '--offline'], 'model web has no open generation'],
    [['config', 'appserver', 'build_label', '--offline'], 'expected key=value, got "build_label"'],
    [['config', 'appserver', 'x=1', '--generation', 'later', '--offline'], '--generation later: expected current or next'],
    [['generation', 'set', 'appserver/0', '--model', 'web', '--offline'], 'model web has no open generation'],
  ])('refuses %j and changes nothing', async (args, message) => {
    const before = repo.snapshot();
    const result = await repo.run(args);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(message);
    expect(repo.snapshot()).toEqual(before);
  });
});
