import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { bundleText, configText } from '../apply/fixture.js';
import { runCliCaptured } from '../helpers/cli.js';

const here = path.dirname(new URL(import.meta.url).pathname);

describe('what starts the controller', () => {
  let dir: string;
  let repo: TempRepo;
  const cli = (args: string[]) => runCliCaptured(args, { cwd: repo.dir, env: { JUJU_GITOPS_HOME: dir } });
  const running = () => fs.existsSync(path.join(dir, 'api.json'));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-lifecycle-'));
    repo = await createTempRepo({
      prefix: 'juju-gitops-lifecycle-repo-',
      copy: { charms: path.join(here, '../apply/fixtures/charms') },
      files: { 'juju-gitops.yaml': configText(), 'bundles/m.yaml': bundleText({ units: 2 }) },
    });
  });
  afterAll(async () => {
    await cli(['controller', 'stop']);
    repo.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([[['status']], [['models']], [['history']], [['config', 'app']]])('%j says the controller is not running, and does not start it', async (args) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toContain(`error[controller-not-running]: the controller for ${dir} is not running`);
    expect(err).toContain('juju-gitops controller start --detach');
    expect(running()).toBe(false);
  });

  it('plans from an empty model without starting the controller, saying so', async () => {
    const { code, out, err } = await cli(['plan']);
    expect(code).toBe(0);
    expect(err).toContain('is not running: showing what model m would get from empty');
    expect(out).toContain('deploy app');
    expect(running()).toBe(false);
  });

  it('apply starts the controller and says so', async () => {
    const { code, err } = await cli(['apply']);
    expect(code).toBe(0);
    expect(err).toMatch(new RegExp(`Started the controller for ${dir} at http://127\\.0\\.0\\.1:\\d+ \\(pid \\d+\\)`));
    expect(running()).toBe(true);
  });

  it('start --detach is idempotent', async () => {
    const again = await cli(['controller', 'start', '--detach']);
    expect(again).toMatchObject({ code: 0, out: expect.stringMatching(/^controller already running at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n/) });
  });

  it('after controller stop, status and history bring nothing back', async () => {
    expect((await cli(['controller', 'stop'])).out).toBe('controller stopped\n');
    for (const args of [['status'], ['history'], ['models']]) expect((await cli(args)).code).toBe(2);
    expect(running()).toBe(false);
    const started = await cli(['controller', 'start', '--detach']);
    expect(started).toMatchObject({ code: 0, out: expect.stringMatching(/^controller started at /) });
    // The model is still there, and status without --model finds it through the repository.
    expect((await cli(['status'])).out).toMatch(/\napp\/0\*? +active/);
  });
});
