import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { bundleText, configText } from '../apply/fixture.js';
import { runCliCaptured } from '../helpers/cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('config --commit where git has no identity', () => {
  let repo: TempRepo;
  let home: string;
  let saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    repo = await createTempRepo({
      copy: { charms: path.join(here, '../apply/fixtures/charms') },
      files: { 'juju-gitops.yaml': configText(), 'bundles/m.yaml': bundleText({}) },
    });
    await repo.git.raw(['config', '--unset', 'user.name']);
    await repo.git.raw(['config', '--unset', 'user.email']);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-home-'));
    // git runs with this process's environment: a home without a global identity.
    saved = { HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
    process.env.HOME = home;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    repo?.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('refuses before editing anything, and says how to fix it', async () => {
    const before = fs.readFileSync(path.join(repo.dir, 'bundles/m.yaml'), 'utf8');
    const { code, err } = await runCliCaptured(['config', 'app', 'label=v9', '--generation', 'current', '--commit', '--offline'], { cwd: repo.dir });
    expect(err).toContain('error[git-identity-missing]');
    expect(err).toContain('nothing was edited');
    expect(code).toBe(2);
    expect(fs.readFileSync(path.join(repo.dir, 'bundles/m.yaml'), 'utf8')).toBe(before);
  });
});
