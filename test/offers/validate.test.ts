import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRepo, type RepoFixture } from '../generations/repo-fixture.js';

/** `validate` checks saas URLs and the relations made through them offline, against the records and the repository's own offers. */
let repo: RepoFixture;

beforeAll(async () => {
  repo = await exampleRepo({});
  mkdirSync(join(repo.dir, 'offers'));
  writeFileSync(join(repo.dir, 'juju-gitops.yaml'), [
    'models:',
    '  mysql: { bundle: bundles/mysql.yaml, overlays: [overlays/mysql/offers.yaml] }',
    '  mediawiki: { bundle: bundles/mediawiki.yaml }',
    '  billing: { bundle: bundles/mysql.yaml }',
    '',
  ].join('\n'));
  writeFileSync(join(repo.dir, 'offers/billing.yaml'), [
    'model: billing',
    'controller: local',
    'offers:',
    '  ledger:',
    '    url: local:admin/billing.ledger',
    '    application: pg',
    '    endpoints:',
    '      database: { interface: pgsql, role: provider }',
    '    access: { admin: admin }',
    '    consumers: []',
    '',
  ].join('\n'));
}, 30_000);

afterAll(() => repo?.remove());

function consumer(url: string, relation: string): void {
  writeFileSync(join(repo.dir, 'bundles/mediawiki.yaml'), [
    'saas:',
    '  mysql:',
    `    url: ${url}`,
    'applications:',
    '  mediawiki:',
    '    charm: ../charms/site',
    '    num_units: 1',
    'relations:',
    `  - ${relation}`,
    '',
  ].join('\n'));
}

describe('validate, offline offer checks', () => {
  it.each([
    ['named in full', 'local:admin/mysql.db'],
    ['without its controller', 'admin/mysql.db'],
    ['without its owner', 'mysql.db'],
  ])('accepts a saas consuming a declared offer %s', async (_, url) => {
    consumer(url, '[mediawiki:db, mysql:db]');
    const result = await repo.run(['validate', '--model', 'mediawiki']);
    expect(result.out).toBe('✓ model mediawiki (bundles/mediawiki.yaml): valid, 1 application\n');
    expect(result.code).toBe(0);
  });

  it.each([
    ['an unknown offer URL', 'admin/mysql.dbx', '[mediawiki:db, mysql:db]',
      'bundles/mediawiki.yaml:3:10: error[saas-offer-unknown]: saas `mysql` consumes admin/mysql.dbx, which no recorded or declared offer publishes\n  hint: known offers: admin/billing.ledger, admin/mysql.db'],
    ['an endpoint the offer does not publish', 'admin/mysql.db', '[mediawiki:db, mysql:admin]',
      'bundles/mediawiki.yaml:9:20: error[saas-endpoint-not-offered]: relation endpoint `mysql:admin`: offer db does not publish endpoint `admin`\n  hint: it publishes: db (mysql)'],
    ['an interface the offer does not provide', 'admin/billing.ledger', '[mediawiki:db, mysql:database]',
      'bundles/mediawiki.yaml:9:20: error[saas-interface-mismatch]: relation `mysql:database` - `mediawiki:db`: mediawiki:db speaks mysql (requirer), which offer ledger does not provide\n  hint: the offer publishes: database (pgsql)'],
  ])('refuses %s, at its position', async (_, url, relation, expected) => {
    consumer(url, relation);
    const result = await repo.run(['validate', '--model', 'mediawiki']);
    expect(result.out).toContain(expected);
    expect(result.code).toBe(2);
  });

  it('shows the same findings in the pull-request view of a revision that breaks a saas URL', async () => {
    consumer('admin/mysql.db', '[mediawiki:db, mysql:db]');
    await simpleGit(repo.dir).add('.').commit('consume the declared offer');
    consumer('admin/mysql.dbx', '[mediawiki:db, mysql:db]');
    await simpleGit(repo.dir).add('.').commit('point at an offer that does not exist');
    const result = await repo.run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('#### Offer checks\n\n```\nbundles/mediawiki.yaml:3:10: error[saas-offer-unknown]');
  });
});
