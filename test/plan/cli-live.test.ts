import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/change.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/** `plan` and `diff` against a running controller, in-process. */
let tc: TestController;
let dir: string;

const bundle = `default-base: ubuntu@22.04
applications:
  db:
    charm: mysql
    channel: 8.0/stable
    num_units: 1
    options: {root-password: sw0rdfish}
  web:
    charm: wordpress
    num_units: 2
relations:
- [web:db, db:db]
`;

const run = (args: string[]) => runCliCaptured(args, { cwd: dir, env: tc.env });

beforeAll(async () => {
  tc = await startTestController();
  dir = mkdtempSync(join(tmpdir(), 'juju-gitops-plan-'));
  mkdirSync(join(dir, 'bundles'));
  writeFileSync(join(dir, 'juju-gitops.yaml'), 'models:\n  shop:\n    bundle: bundles/shop.yaml\n');
  writeFileSync(join(dir, 'bundles/shop.yaml'), bundle);
});

afterAll(async () => {
  await tc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('juju-gitops plan and diff against a live model', () => {
  it('plans a model the controller does not have yet and saves the plan', async () => {
    const { code, out, err } = await run(['plan', '-o', 'plan.json', '--exit-code']);
    expect(code).toBe(1);
    expect(err).toContain('Saved the plan of model shop to plan.json');
    expect(out).toContain('Model shop (controller local): 3 changes');
    expect(out).not.toContain('sw0rdfish');
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
    expect(plan.changes.map((c) => c.id)).toEqual(['deploy-db', 'deploy-web', 'relate-db:db-web:db']);
  });

  it('creates the folder a plan is saved in', async () => {
    const { code, err } = await run(['plan', '-o', 'plans/new/plan.json']);
    expect(err).toContain('Saved the plan of model shop to plans/new/plan.json');
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'plans/new/plan.json'))).toBe(true);
    rmSync(join(dir, 'plans'), { recursive: true });
  });

  it('says clearly when the plan cannot be saved where asked', async () => {
    const { code, err } = await run(['plan', '-o', 'juju-gitops.yaml/plan.json']);
    expect(code).toBe(2);
    expect(err).toContain('error[plan-write-failed]: cannot save the plan to juju-gitops.yaml/plan.json');
    expect(err).not.toContain('error[internal]');
  });

  it('finds no differences once the saved plan is applied', async () => {
    // The saved plan holds only a digest of the secret; apply takes its value from the repository.
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain('sw0rdfish');
    const applied = await run(['apply', '--plan', 'plan.json']);
    expect(applied).toMatchObject({ code: 0 });
    expect(await run(['diff', '--exit-code'])).toMatchObject({ code: 0 });
    expect(await run(['diff', 'bundles/shop.yaml', '--model', 'shop', '--exit-code', '--format', 'yaml'])).toMatchObject({ code: 0, out: '{}\n' });
  });

  it('shows a bundle file with an overlay against the model', async () => {
    writeFileSync(join(dir, 'scale.yaml'), 'applications:\n  web:\n    num_units: 3\n');
    const { code, out } = await run(['diff', 'bundles/shop.yaml', '--overlay', 'scale.yaml', '--model', 'shop', '--format', 'yaml', '--exit-code']);
    expect(code).toBe(1);
    expect(out).toBe('applications:\n  web:\n    num_units:\n      bundle: 3\n      model: 2\n');
  });

  it('compares annotations only with --annotations, as juju diff-bundle does', async () => {
    writeFileSync(join(dir, 'note.yaml'), 'applications:\n  web:\n    annotations:\n      owner: ops\n');
    const args = ['diff', 'bundles/shop.yaml', '--overlay', 'note.yaml', '--model', 'shop', '--format', 'yaml', '--exit-code'];
    expect(await run(args)).toMatchObject({ code: 0, out: '{}\n' });
    expect(await run([...args, '--annotations'])).toMatchObject({
      code: 1, out: 'applications:\n  web:\n    annotations:\n      owner:\n        bundle: ops\n        model: ""\n',
    });
  });

  it('refuses a machine map Juju would refuse, with its message', async () => {
    const { code, err } = await run(['diff', 'bundles/shop.yaml', '--model', 'shop', '--map-machines', '0=lxd']);
    expect(code).toBe(2);
    expect(err).toContain('error[usage]: error in --map-machines: machine-id "lxd" is not a top level machine id');
  });
});
