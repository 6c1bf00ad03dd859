import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransfer } from '../../src/backends/transfer.js';
import type { LiveUnit } from '../../src/model/live.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { exampleRepo, type RepoFixture } from '../generations/repo-fixture.js';

/**
 * The cross-model walk-through of examples/ (mysql offers db; wordpress and mediawiki consume
 * it), then the offering model migrated to a second embedded controller while its consumers
 * stay: the offer moves with it, the consumers' saas entries and bundles follow the new
 * controller, their relations keep their data, and data still flows across the two
 * controllers afterwards.
 */
let source: TestController;
let target: TestController;
let repo: RepoFixture;

beforeAll(async () => {
  [source, target] = await Promise.all([startTestController(), startTestController()]);
  repo = await exampleRepo(source.env);
  writeFileSync(join(repo.dir, 'juju-gitops.yaml'), [
    'controllers:',
    '  target: { kind: local, dir: ' + target.dir + ' }',
    'models:',
    '  mysql: { controller: local, bundle: bundles/mysql.yaml, overlays: [overlays/mysql/offers.yaml], records: commit }',
    '  wordpress: { controller: local, bundle: bundles/wordpress.yaml }',
    '  mediawiki: { controller: local, bundle: bundles/mediawiki.yaml, prune: true }',
    '',
  ].join('\n'));
  await simpleGit(repo.dir).add('.').commit('mysql and its consumers on the local controller');
  await ok('apply', '--commit');
}, 90_000);

afterAll(async () => {
  await Promise.all([target?.stop(), source?.stop()]);
  repo?.remove();
});

async function ok(...args: string[]): Promise<string> {
  const result = await repo.run(args);
  expect(result.code, `juju-gitops ${args.join(' ')}: ${result.out}${result.err}`).toBe(0);
  return result.out;
}

/** Waits (bounded) until the unit's workload reports `status` with a message matching `message`. */
async function workload(tc: TestController, model: string, unit: string, status: string, message = /.*/, timeoutMs = 20_000): Promise<LiveUnit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await tc.backend.readModel(model)).applications[unit.split('/')[0]]?.units[unit];
    if (found?.workload.current === status && message.test(found.workload.message ?? '')) return found;
    if (Date.now() > deadline) throw new Error(`${unit} is ${found?.workload.current} (${found?.workload.message ?? ''}), not ${status}`);
    // Settled units answer at once; the workload's own status comes with its next health check.
    await tc.backend.waitForSettled(model, [unit], { timeoutMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function frontPage(unit: LiveUnit): Promise<Record<string, unknown>> {
  const response = await fetch(`http://${unit.address}:${unit.ports[0].split('/')[0]}/`);
  return (await response.json()) as Record<string, unknown>;
}

const relationsFile = (tc: TestController, model: string, unit: string) => readFileSync(join(tc.dir, 'units', model, unit.replace('/', '-'), 'relations.json'), 'utf8');

describe('migrating an offering model whose consumers stay behind', () => {
  it('refuses a consumer Juju could not migrate with: a second, unrelated saas for the offer', async () => {
    const bundle = repo.read('bundles/mediawiki.yaml');
    writeFileSync(join(repo.dir, 'bundles/mediawiki.yaml'), bundle.replace('saas:\n', 'saas:\n  spare:\n    url: admin/mysql.db\n'));
    await simpleGit(repo.dir).add('.').commit('a second saas for the database');
    await ok('apply', '--model', 'mediawiki');
    const refused = await repo.run(['migrate', 'mysql', '--to', 'target']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('saas spare in model mediawiki (controller local) consumes admin/mysql.db but is not related');
    expect(refused.out).toContain('model mediawiki consumes offer db through several saas entries (mysql, spare): keep one');
    expect(refused.out).toContain('ABORTDONE');
    expect((await target.backend.listModels()).map((m) => m.name)).toEqual([]);
    expect((await source.backend.readModel('mysql')).migration).toBeUndefined();
    writeFileSync(join(repo.dir, 'bundles/mediawiki.yaml'), bundle);
    await simpleGit(repo.dir).add('.').commit('one saas again');
    await ok('apply', '--model', 'mediawiki', '--yes');
  }, 60_000);

  it('moves the offer with the model: same process, consumers pointed at the target, their data unchanged', async () => {
    if (!canTransfer(source.backend) || !canTransfer(target.backend)) throw new Error('local backends transfer models');
    const wordpress = await workload(source, 'wordpress', 'wordpress/0', 'active', /Using/);
    await workload(source, 'mediawiki', 'mediawiki/0', 'active', /Using/);
    const pages = { wordpress: await frontPage(wordpress), mediawiki: await frontPage(await workload(source, 'mediawiki', 'mediawiki/0', 'active')) };
    const dataBefore = { wordpress: relationsFile(source, 'wordpress', 'wordpress/0'), mediawiki: relationsFile(source, 'mediawiki', 'mediawiki/0') };
    const pid = (await source.backend.readWorkloadHandles('mysql')).units['mysql/0'].pid;

    const out = await ok('migrate', 'mysql', '--to', 'target', '--commit');
    expect(out).toContain('SUCCESS    saas mysql of local:wordpress now consumes target:admin/mysql.db');
    expect(out).toContain('SUCCESS    saas mysql of local:mediawiki now consumes target:admin/mysql.db');
    expect(out).toContain('offers checked: 2 consumer relation(s) connected on the target as on the source');
    expect(out).toMatch(/Migration done/);

    expect((await target.backend.readWorkloadHandles('mysql')).units['mysql/0'].pid).toBe(pid);
    expect((await source.backend.listModels()).map((m) => m.name).sort()).toEqual(['mediawiki', 'wordpress']);
    const offer = (await target.backend.readModel('mysql')).offers.db;
    expect(offer.connections.map((c) => `${c.sourceModel}:${c.application}`).sort()).toEqual(['mediawiki:mediawiki', 'wordpress:wordpress']);
    expect((await source.backend.readModel('wordpress')).saas.mysql).toMatchObject({ url: 'target:admin/mysql.db', endpoints: { db: { interface: 'mysql', role: 'provider' } } });

    // The consumers saw nothing change: the same relation data, still active, the same pages.
    expect(relationsFile(source, 'wordpress', 'wordpress/0')).toBe(dataBefore.wordpress);
    expect(relationsFile(source, 'mediawiki', 'mediawiki/0')).toBe(dataBefore.mediawiki);
    expect(await frontPage(await workload(source, 'wordpress', 'wordpress/0', 'active', /Using/))).toEqual(pages.wordpress);
    expect(await frontPage(await workload(source, 'mediawiki', 'mediawiki/0', 'active', /Using/))).toEqual(pages.mediawiki);
  }, 90_000);

  it('leaves the repository pointing at the target, consumers included, in one commit that diffs as no change', async () => {
    expect(repo.read('juju-gitops.yaml')).toMatch(/mysql: \{ controller: target,/);
    expect(repo.read('bundles/wordpress.yaml')).toContain('url: target:admin/mysql.db');
    expect(repo.read('bundles/mediawiki.yaml')).toContain('url: target:admin/mysql.db');
    expect(parse(repo.read('offers/mysql.yaml')).offers.db).toMatchObject({ url: 'target:admin/mysql.db' });
    expect(parse(repo.read('offers/mysql.yaml')).offers.db.consumers.map((c: { model: string }) => c.model)).toEqual(['mediawiki', 'wordpress']);
    expect(await repo.lastCommitMessage()).toBe('Migrate model mysql to controller target');
    expect((await simpleGit(repo.dir).status()).isClean()).toBe(true);
    await ok('validate');
    for (const model of ['mysql', 'wordpress', 'mediawiki']) {
      const diff = await repo.run(['diff', '--model', model, '--exit-code']);
      expect(diff.code, `${model}: ${diff.out}${diff.err}`).toBe(0);
    }
  }, 60_000);

  it('keeps data flowing across the two controllers: a consumer restarted after the move writes through the moved database', async () => {
    const bundle = repo.read('bundles/mediawiki.yaml');
    writeFileSync(join(repo.dir, 'bundles/mediawiki.yaml'), bundle.replace('name: Example wiki', 'name: Moved wiki'));
    await simpleGit(repo.dir).add('.').commit('rename the wiki');
    await ok('apply', '--model', 'mediawiki');
    const mediawiki = await workload(source, 'mediawiki', 'mediawiki/0', 'active', /Using/);
    expect(await frontPage(mediawiki)).toMatchObject({ site: 'Moved wiki', page: 'Welcome to Moved wiki, served by mediawiki/0' });
    // And the database's own side still holds exactly the two consumers' databases.
    const db = await workload(target, 'mysql', 'mysql/0', 'active');
    const response = await fetch(`http://${db.address}:${db.ports[0].split('/')[0]}/databases`);
    expect(((await response.json()) as { databases: string[] }).databases).toHaveLength(2);
  }, 60_000);
});
