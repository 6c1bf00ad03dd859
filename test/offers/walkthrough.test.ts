import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveUnit } from '../../src/model/live.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { exampleRepo, type RepoFixture } from '../generations/repo-fixture.js';

/**
 * Juju's cross-model walk-through on the embedded controller, from examples/: the mysql model
 * offers its db endpoint, wordpress and mediawiki consume it. Models are listed consumers
 * first, so the run proves the offering model goes first. Data really flows: the database
 * creates one `remote-<id>` database per consuming application and hands over credentials,
 * and each site writes its front page through it and reads it back.
 */
let tc: TestController;
let repo: RepoFixture;
const outputs: string[] = [];

beforeAll(async () => {
  tc = await startTestController();
  repo = await exampleRepo(tc.env);
  writeFileSync(join(repo.dir, 'juju-gitops.yaml'), [
    'models:',
    '  mediawiki: { bundle: bundles/mediawiki.yaml }',
    '  wordpress: { bundle: bundles/wordpress.yaml }',
    '  mysql: { bundle: bundles/mysql.yaml, overlays: [overlays/mysql/offers.yaml], records: commit, prune: true }',
    '',
  ].join('\n'));
  // mediawiki starts unrelated, to show it blocked until the relation exists.
  edit('bundles/mediawiki.yaml', (text) => text.replace(/relations:\n.*\n/, ''));
  await commit('three models, mediawiki not related yet');
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  repo?.remove();
});

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(join(repo.dir, file), change(readFileSync(join(repo.dir, file), 'utf8')));
}

async function commit(message: string): Promise<void> {
  await simpleGit(repo.dir).add('.').commit(message);
}

async function ok(...args: string[]): Promise<string> {
  const result = await repo.run(args);
  outputs.push(result.out, result.err);
  expect(result.code, `juju-gitops ${args.join(' ')}: ${result.err}`).toBe(0);
  return result.out;
}

/** Waits (bounded) until the unit's workload reports `status` (with a message matching `message`), and returns the unit. */
async function workload(model: string, unit: string, status: string, message = /.*/, timeoutMs = 20_000): Promise<LiveUnit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await tc.backend.readModel(model)).applications[unit.split('/')[0]]?.units[unit];
    if (found?.workload.current === status && message.test(found.workload.message ?? '')) return found;
    if (Date.now() > deadline) throw new Error(`${unit} is ${found?.workload.current} (${found?.workload.message ?? ''}), not ${status}`);
    await tc.backend.waitForSettled(model, [unit], { timeoutMs: 100 });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function getJson(unit: LiveUnit, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`http://${unit.address}:${unit.ports[0].split('/')[0]}${path}`);
  return (await response.json()) as Record<string, unknown>;
}

describe('the cross-model walk-through', () => {
  it('refuses to reconcile a consumer before its offer exists, naming the model to apply first', async () => {
    const result = await repo.run(['apply', '--model', 'wordpress']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('error[offer-not-ready]: model wordpress consumes admin/mysql.db, which is not offered yet');
    expect(result.err).toContain('juju-gitops apply --model mysql');
    expect((await tc.backend.listModels()).map((m) => m.name)).toEqual([]);
  });

  it('reconciles the offering model before its consumers', async () => {
    const out = await ok('apply', '--commit');
    const order = [...out.matchAll(/^model (\w+): reconciled/gm)].map((m) => m[1]);
    expect(order).toEqual(['mysql', 'mediawiki', 'wordpress']);
  }, 60_000);

  it('leaves mediawiki blocked until it is related, and wordpress active on its database', async () => {
    expect((await workload('mediawiki', 'mediawiki/0', 'blocked', /Database/)).workload.message).toBe('Database required');
    expect((await workload('wordpress', 'wordpress/0', 'active', /Using/)).workload.message).toMatch(/^Using database remote-[0-9a-f]{32}$/);
  }, 30_000);

  it('records the offer, with its endpoint, access and consumer, in a commit of its own', async () => {
    const record = parse(repo.read('offers/mysql.yaml'));
    expect(record.offers.db).toEqual({
      url: 'local:admin/mysql.db', application: 'mysql', charm: 'local:kvdb',
      endpoints: { db: { interface: 'mysql', role: 'provider' } },
      access: { admin: 'admin', 'everyone@external': 'read' },
      consumers: [{ model: 'wordpress', application: 'wordpress', saas: 'mysql', 'relation-id': 0, endpoint: 'db', status: 'joined' }],
    });
    expect(await repo.lastCommitMessage()).toMatch(/^Record offers of mysql: db \(1 consumer relation\)/);
    const status = await simpleGit(repo.dir).status();
    expect(status.isClean()).toBe(true);
  });

  it('finds the offer by interface, offline, as juju find-offers lists it', async () => {
    expect(await ok('offers', 'find', '--interface', 'mysql')).toBe(
      'Store  URL             Access  Interfaces\nlocal  admin/mysql.db  admin   mysql:db\n',
    );
    expect(await ok('offers', '--interface', 'pgsql')).toBe('no matching application offers found\n');
    expect(JSON.parse(await ok('offers', '--live', '--format', 'json'))).toEqual({
      'admin/mysql.db': {
        access: 'admin', endpoints: { db: { interface: 'mysql', role: 'provider' } },
        users: { admin: { access: 'admin' }, 'everyone@external': { access: 'read' } },
      },
    });
  });

  it('turns mediawiki active once related, and records the second consumer', async () => {
    edit('bundles/mediawiki.yaml', (text) => `${text}relations:\n  - [mediawiki:db, mysql:db]\n`);
    await commit('relate mediawiki to the shared database');
    await ok('apply');
    expect((await workload('mediawiki', 'mediawiki/0', 'active', /Using/)).workload.message).toMatch(/^Using database remote-/);
    const record = parse(repo.read('offers/mysql.yaml'));
    expect(record.offers.db.consumers.map((c: { model: string }) => c.model)).toEqual(['mediawiki', 'wordpress']);
    expect(await repo.lastCommitMessage()).toMatch(/^Record offers of mysql: db \(2 consumer relations\)/);
  }, 60_000);

  it('holds exactly one remote database per consuming model, and each site reads back what it wrote', async () => {
    const db = await workload('mysql', 'mysql/0', 'active');
    const { databases } = (await getJson(db, '/databases')) as { databases: string[] };
    expect(databases).toHaveLength(2);
    for (const name of databases) expect(name).toMatch(/^remote-[0-9a-f]{32}$/);
    const wordpress = await getJson(await workload('wordpress', 'wordpress/0', 'active', /Using/), '/');
    const mediawiki = await getJson(await workload('mediawiki', 'mediawiki/0', 'active', /Using/), '/');
    expect(wordpress).toMatchObject({ site: 'Example blog', page: 'Welcome to Example blog, served by wordpress/0' });
    expect(mediawiki).toMatchObject({ site: 'Example wiki', page: 'Welcome to Example wiki, served by mediawiki/0' });
    expect(new Set([wordpress.database, mediawiki.database])).toEqual(new Set(databases));
  }, 30_000);

  it('shows the SAAS entry and the relation in status, and the connections of the offer', async () => {
    const table = await ok('status', '-m', 'mediawiki', '--relations');
    expect(table).toMatch(/^SAAS\s+Status\s+Store\s+URL\nmysql\s+active\s+local\s+admin\/mysql\.db$/m);
    expect(table).toMatch(/^mysql:db\s+mediawiki:db\s+mysql\s+regular/m);
    const json = JSON.parse(await ok('status', '-m', 'mysql', '--format', 'json'));
    expect(json.offers.db).toMatchObject({ application: 'mysql', 'total-connected-count': 2, endpoints: { db: { interface: 'mysql', role: 'provider' } } });
  });

  it('flags removing the connected offer as destructive in the pull-request view, naming its consumers', async () => {
    writeFileSync(join(repo.dir, 'overlays/mysql/offers.yaml'), 'applications:\n  mysql:\n    offers:\n      db: ~\n');
    await commit('stop offering the database');
    const markdown = await ok('diff', '--base', 'HEAD~1', '--head', 'HEAD', '--model', 'mysql', '--format', 'markdown');
    expect(markdown).toContain('> **Destructive changes**');
    expect(markdown).toContain('remove offer db, breaking the relations of mediawiki:mediawiki, wordpress:wordpress');
    expect(markdown).toMatch(/- offer `mysql\.db`: consumed by `mediawiki:mediawiki` \(relation \d+, db\), `wordpress:wordpress`/);
  });

  it('removes an offer with consumers only with --yes and --force, and its consumers lose the relation', async () => {
    for (const [flags, code] of [[[], 'force-required'], [['--yes'], 'force-required'], [['--force'], 'confirmation-required']] as const) {
      const refused = await repo.run(['apply', '--model', 'mysql', ...flags]);
      outputs.push(refused.out, refused.err);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(`error[${code}]`);
    }
    expect(Object.keys((await tc.backend.readModel('mysql')).offers)).toEqual(['db']);
    await ok('apply', '--model', 'mysql', '--yes', '--force');
    expect((await tc.backend.readModel('mysql')).offers).toEqual({});
    expect((await tc.backend.readModel('mediawiki')).relations).toEqual([]);
    expect((await workload('mediawiki', 'mediawiki/0', 'blocked', /Database/)).workload.message).toBe('Database required');
    expect(parse(repo.read('offers/mysql.yaml')).offers).toEqual({});
    expect(await repo.lastCommitMessage()).toBe('Record offers of mysql: none');
    const head = await repo.head();
    expect(await ok('offers', 'record', '--commit')).toBe('offers/mysql.yaml: unchanged, 0 offers\n');
    expect(await repo.head()).toBe(head);
    expect(repo.exists('offers/wordpress.yaml')).toBe(false);
  }, 60_000);

  it('lets a consumer wait for its offer, and relates it again once the offer is back', async () => {
    await simpleGit(repo.dir).raw(['revert', '--no-edit', 'HEAD~1']);
    const waiting = repo.run(['apply', '--model', 'wordpress', '--wait', '60s']);
    await ok('apply', '--model', 'mysql');
    const result = await waiting;
    outputs.push(result.out, result.err);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('add relation mysql:db - wordpress:db');
    expect((await workload('wordpress', 'wordpress/0', 'active', /Using/)).workload.message).toMatch(/^Using database remote-/);
  }, 60_000);

  it('never shows a database password: not in output, records, history or the event log', async () => {
    const store = JSON.parse(readFileSync(join(tc.dir, 'units', 'mysql', 'mysql-0', 'kvdb.json'), 'utf8')) as { databases: Record<string, { password: string }> };
    const passwords = Object.values(store.databases).map((d) => d.password);
    expect(passwords).toHaveLength(2);
    const log = await simpleGit(repo.dir).raw(['log', '-p', '--all']);
    const everything = [...outputs, repo.read('offers/mysql.yaml'), log, JSON.stringify(await tc.backend.readModel('mediawiki'))].join('\n');
    for (const password of passwords) expect(everything).not.toContain(password);
  });
});
