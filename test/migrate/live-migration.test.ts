import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransfer } from '../../src/backends/transfer.js';
import { startLoad } from '../../src/cli/demo/load.js';
import type { WorkloadHandles } from '../../src/model/export.js';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { freePort } from '../../src/cli/demo/sandbox.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const haproxyInstalled = fs.existsSync('/usr/sbin/haproxy');


const pids = (handles: WorkloadHandles) => Object.fromEntries(Object.entries(handles.units).map(([u, h]) => [u, h.pid]));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!haproxyInstalled)('migrating the appserver model between embedded controllers under load', () => {
  let source: TestController;
  let target: TestController;
  let repo: TempRepo;
  let port: number;
  const cli = (args: string[]) => runCliCaptured(args, { cwd: repo.dir, env: source.env });

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestController(), startTestController()]);
    port = await freePort();
    repo = await createTempRepo({
      prefix: 'juju-gitops-migrate-',
      copy: { charms: path.join(examples, 'charms') },
      files: {
        'juju-gitops.yaml': [
          '# Where each model lives.',
          'controllers:',
          '  target:',
          '    kind: local',
          `    dir: ${target.dir}`,
          'models:',
          '  web:',
          '    controller: local  # moved by migrate',
          '    bundle: bundles/web.yaml',
          '',
        ].join('\n'),
        'bundles/web.yaml': [
          'applications:',
          '  appserver:',
          '    charm: ../charms/appserver',
          '    num_units: 3',
          '    options: {build_label: v1}',
          '  haproxy:',
          '    charm: ../charms/haproxy',
          '    num_units: 1',
          `    options: {port: ${port}}`,
          'relations:',
          '  - [haproxy:backend, appserver:http]',
          '',
        ].join('\n'),
      },
    });
    const applied = await cli(['apply']);
    expect(applied.code, applied.out + applied.err).toBe(0);
    const units = ['appserver/0', 'appserver/1', 'appserver/2', 'haproxy/0'];
    const settled = await source.backend.waitForSettled('web', units, { timeoutMs: 30_000 });
    expect(settled.units.map((u) => u.workload.current)).toEqual(['active', 'active', 'active', 'active']);
  });
  afterAll(async () => {
    await Promise.all([target?.stop(), source?.stop()]);
    repo?.cleanup();
  });

  it('refuses with --dry-run nothing, and moves nothing', async () => {
    const dry = await cli(['migrate', 'web', '--to', 'target', '--dry-run']);
    expect(dry.out).toContain('Prechecks passed');
    expect(dry.code).toBe(0);
    expect((await target.backend.listModels()).map((m) => m.name)).toEqual([]);
  });

  it('moves control to the target: same processes, zero failed requests, the repository points at the target', async () => {
    if (!canTransfer(source.backend) || !canTransfer(target.backend)) throw new Error('local backends transfer models');
    const before = pids(await source.backend.readWorkloadHandles('web'));
    expect(Object.values(before).every((pid) => typeof pid === 'number' && alive(pid))).toBe(true);
    const load = startLoad({ url: `http://127.0.0.1:${port}/`, connections: 4, maxMs: 60_000, pauseMs: 2 });
    const migrated = await cli(['migrate', 'web', '--to', 'target', '--commit']);
    const report = await load.stop();
    expect(migrated.code, migrated.out + migrated.err).toBe(0);
    expect(migrated.out.split('\n').map((l) => l.split(' ')[0]).filter(Boolean)).toEqual(
      ['PRECHECK', 'QUIESCE', 'EXPORT', 'IMPORT', 'VALIDATION', 'SUCCESS', 'SUCCESS', 'REAP', 'DONE', 'Migration'],
    );
    expect(report.requests).toBeGreaterThan(0);
    expect(report.failed, report.errors.join('; ')).toBe(0);

    expect(pids(await target.backend.readWorkloadHandles('web'))).toEqual(before);
    expect(Object.values(before).every((pid) => alive(pid!))).toBe(true);
    expect((await source.backend.listModels()).map((m) => m.name)).not.toContain('web');
    const live = await target.backend.readModel('web');
    expect(Object.values(live.applications).flatMap((a) => Object.values(a.units)).map((u) => u.workload.current)).toEqual(['active', 'active', 'active', 'active']);

    const config = fs.readFileSync(path.join(repo.dir, 'juju-gitops.yaml'), 'utf8');
    expect(config).toMatch(/controller: target +# moved by migrate/);
    expect(config).toContain('# Where each model lives.');
    expect(await repo.git.status()).toMatchObject({ modified: [] });
    expect((await repo.git.log()).latest?.message).toBe('Migrate model web to controller target');
  });

  it('keeps reconciling on the target: a new build rolls out there', async () => {
    await repo.commit('v2', { 'bundles/web.yaml': fs.readFileSync(path.join(repo.dir, 'bundles/web.yaml'), 'utf8').replace('build_label: v1', 'build_label: v2') });
    const applied = await cli(['apply']);
    expect(applied.code, applied.out + applied.err).toBe(0);
    const live = await target.backend.readModel('web');
    expect(Object.values(live.applications.appserver.units).map((u) => u.applied.options.build_label)).toEqual(['v2', 'v2', 'v2']);
  });
});
