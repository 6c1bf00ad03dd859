import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

let tc: TestController;
beforeAll(async () => {
  tc = await startTestController();
});
afterAll(async () => {
  await tc.stop();
});

describe('apply --plan', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, applied: true });
  });
  afterAll(() => f?.cleanup());

  it('applies exactly a saved plan', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    expect((await f.cli(['plan', '--model', f.model, '-o', 'plan.json'])).code).toBe(0);
    // The repository moves on; the reviewed plan is still what gets applied.
    await f.commit({ [f.bundle]: bundleText({ label: 'v9' }) }, 'label v9');
    const { code } = await f.cli(['apply', '--plan', 'plan.json']);
    expect(code).toBe(0);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
  });

  it('refuses a saved plan once the model has changed', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    expect((await f.cli(['plan', '--model', f.model, '-o', 'plan.json'])).code).toBe(0);
    await tc.backend.applyChange(f.model, {
      id: 'config-app', kind: 'config', classification: 'restart', description: 'out of band', requires: [],
      application: 'app', set: { other: 'x' }, unset: [], from: {},
    });
    const { code, stderr } = await f.cli(['apply', '--plan', 'plan.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('error[plan-stale]');
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
  });
});

describe('a saved plan file', () => {
  it('is applied as reviewed: --prune cannot add removals to it', async () => {
    const f = await makeRepoFixture({ tc });
    try {
      fs.writeFileSync(path.join(f.dir, 'plan.json'), '{}');
      const { code, stderr } = await f.cli(['apply', '--plan', 'plan.json', '--prune']);
      expect(code).toBe(2);
      expect(stderr).toContain('error[usage]: --prune cannot change a saved plan');
    } finally {
      await f.cleanup();
    }
  });

  it.each([
    ['not JSON', '{ nope', 'is not JSON'],
    ['another shape', '{"formatVersion": 1, "changes": [{"kind": "config"}]}', 'is not a saved juju-gitops plan'],
  ])('is refused when it is %s', async (_what, text, message) => {
    const f = await makeRepoFixture({ tc });
    try {
      fs.writeFileSync(path.join(f.dir, 'plan.json'), text);
      const { code, stderr } = await f.cli(['apply', '--plan', 'plan.json']);
      expect(code).toBe(2);
      expect(stderr).toContain('error[plan-invalid]');
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await f.cleanup();
    }
  });
});

describe('a saved plan with a secret', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, token: 'tok-old-1111', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('keeps only a digest of the secret, and applies the value from the repository', async () => {
    await f.commit({ [f.bundle]: bundleText({ token: 'tok-new-2222' }) }, 'rotate the token');
    expect((await f.cli(['plan', '--model', f.model, '-o', 'plan.json'])).code).toBe(0);
    const saved = fs.readFileSync(path.join(f.dir, 'plan.json'), 'utf8');
    expect(saved).not.toContain('tok-new-2222');
    expect(saved).not.toContain('tok-old-1111');
    expect(saved).toMatch(/"\$secret": "hmac-sha256:[0-9a-f]{12}:[0-9a-f]{64}"/);
    // An unkeyed hash could be tested against guesses by anyone holding the file.
    expect(saved).not.toContain(createHash('sha256').update('"tok-new-2222"').digest('hex'));
    expect((await f.cli(['apply', '--plan', 'plan.json'])).code).toBe(0);
    expect(Object.values(await f.applied('app', 'api_token'))).toEqual(['tok-new-2222', 'tok-new-2222', 'tok-new-2222', 'tok-new-2222']);
  });

  it('is refused when the secret in the repository is no longer the one it was made with', async () => {
    await f.commit({ [f.bundle]: bundleText({ token: 'tok-third-3333' }) }, 'rotate again');
    expect((await f.cli(['plan', '--model', f.model, '-o', 'plan.json'])).code).toBe(0);
    await f.commit({ [f.bundle]: bundleText({ token: 'tok-fourth-4444' }) }, 'rotate once more');
    const { code, stderr } = await f.cli(['apply', '--plan', 'plan.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('error[plan-secret-changed]');
    expect(stderr).not.toContain('tok-');
  });

  it('is refused, saying why, where the digest key is not the one it was sealed with', async () => {
    expect((await f.cli(['plan', '--model', f.model, '-o', 'plan.json'])).code).toBe(0);
    const { code, stderr } = await f.cli(['apply', '--plan', 'plan.json'], { env: { JUJU_GITOPS_DIGEST_KEY: 'a-key-shared-by-ci-jobs-0123456789abcdef' } });
    expect(code).toBe(2);
    expect(stderr).toContain("error[plan-key-mismatch]: the saved plan's secrets were sealed with another digest key");
    expect(stderr).not.toContain('tok-');
    expect(Object.values(await f.applied('app', 'api_token'))).toEqual(['tok-new-2222', 'tok-new-2222', 'tok-new-2222', 'tok-new-2222']);
  });
});

describe('apply --prune', () => {
  let f: RepoFixture;
  const extra = '  extra:\n    charm: ../charms/sim\n    num_units: 1\n';
  beforeAll(async () => {
    f = await makeRepoFixture({ tc });
    await f.commit({ [f.bundle]: bundleText({}) + extra }, 'add extra');
    expect((await f.cli(['apply'])).code).toBe(0);
  });
  afterAll(() => f?.cleanup());

  it('leaves what the repository dropped alone unless asked, and removes it only with --yes', async () => {
    await f.commit({ [f.bundle]: bundleText({ units: 2 }) }, 'drop extra, scale down');
    expect((await f.cli(['apply'])).code).toBe(2);
    const refused = await f.cli(['apply', '--prune']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[confirmation-required]');
    expect(Object.keys((await f.live()).applications).sort()).toEqual(['app', 'extra']);

    const pruned = await f.cli(['apply', '--prune', '--yes']);
    expect(pruned.code).toBe(0);
    const live = await f.live();
    expect(Object.keys(live.applications)).toEqual(['app']);
    expect(Object.keys(live.applications.app.units)).toHaveLength(2);
  });
});

describe('deploy', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc });
    fs.writeFileSync(path.join(f.dir, 'bundles/extra.yaml'), 'applications:\n  app:\n    options:\n      other: from-overlay\n');
  });
  afterAll(() => f?.cleanup());

  it('adds what the bundle has, all at once, and removes nothing', async () => {
    const model = `${f.model}-deployed`;
    const first = await f.cli(['deploy', f.bundle, '--overlay', 'bundles/extra.yaml', '--model', model]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const live = await tc.backend.readModel(model);
    expect(Object.keys(live.applications.app.units)).toHaveLength(4);
    expect(live.applications.app.options.other.value).toBe('from-overlay');

    fs.writeFileSync(path.join(f.dir, 'small.yaml'), bundleText({ units: 2, label: 'v2' }).replace('../charms/sim', './charms/sim'));
    const second = await f.cli(['deploy', 'small.yaml', '--model', model, '--events', 'ndjson']);
    expect(second.code).toBe(0);
    const after = await tc.backend.readModel(model);
    expect(Object.keys(after.applications.app.units)).toHaveLength(4);
    expect(Object.values(after.applications.app.units).map((u) => u.applied.options.label)).toEqual(['v2', 'v2', 'v2', 'v2']);
    // No rolling: the config change went to every unit in one step.
    expect(second.stdout).not.toContain('"phase":"applying"');
  });

  it('puts a Kubernetes bundle in a caas model, and refuses it in a machine model', async () => {
    fs.writeFileSync(path.join(f.dir, 'k8s.yaml'), 'bundle: kubernetes\napplications:\n  db:\n    charm: postgresql-k8s\n    scale: 1\n');
    expect((await f.cli(['deploy', 'k8s.yaml', '--model', `${f.model}-k8s`])).code).toBe(0);
    expect((await tc.backend.readModel(`${f.model}-k8s`)).type).toBe('caas');

    const machines = `${f.model}-machines`;
    await tc.backend.addModel(machines, { type: 'iaas' });
    const refused = await f.cli(['deploy', 'k8s.yaml', '--model', machines]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error[model-type-mismatch]: model ${machines} is a machine (iaas) model, and this is a Kubernetes (caas) bundle`);
    expect((await tc.backend.readModel(machines)).applications).toEqual({});
  });
});

describe('a plan saved onto a full disk', () => {
  it('is reported as disk-full naming the file, not as a bug', async () => {
    const f = await makeRepoFixture({ tc });
    try {
      const { code, stderr } = await f.cli(['plan', '--model', f.model, '-o', '/dev/full']);
      expect(code).toBe(2);
      expect(stderr).toContain('error[disk-full]: no space left to write /dev/full\n');
      expect(stderr).not.toContain('internal');
    } finally {
      await f.cleanup();
    }
  });
});
