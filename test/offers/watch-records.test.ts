import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { exampleRepo, type RepoFixture } from '../generations/repo-fixture.js';

/** watch keeps the records true: it commits offers/<model>.yaml after a reconcile changes what a model publishes. */
let tc: TestController;
let repo: RepoFixture;

beforeAll(async () => {
  tc = await startTestController();
  repo = await exampleRepo(tc.env);
  writeFileSync(join(repo.dir, 'juju-gitops.yaml'), 'models:\n  mysql: { bundle: bundles/mysql.yaml, overlays: [overlays/mysql/offers.yaml] }\n');
  await simpleGit(repo.dir).add('.').commit('only the offering model');
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  repo?.remove();
});

describe('watch and the offers records', () => {
  it('commits the record of a model whose offers a reconcile changed, and nothing when they did not change', async () => {
    const watch = startCli(['watch', '--interval', '200ms'], { cwd: repo.dir, env: tc.env });
    try {
      await watch.printed(/model mysql: recorded offers\/mysql\.yaml \(commit [0-9a-f]{12}\)/);
      expect(await repo.lastCommitMessage()).toBe('Record offers of mysql: db (0 consumer relations)');
      writeFileSync(join(repo.dir, 'overlays/mysql/offers.yaml'), 'applications:\n  mysql:\n    offers:\n      db:\n        endpoints: [db]\n        acl: {admin: admin, bob: consume}\n');
      await simpleGit(repo.dir).add('.').commit('let bob consume the database');
      await watch.printed(/model mysql: recorded offers\/mysql\.yaml \(commit [0-9a-f]{12}\)[^]*model mysql: recorded offers\/mysql\.yaml/);
      expect(parse(repo.read('offers/mysql.yaml')).offers.db.access).toEqual({ admin: 'admin', bob: 'consume', 'everyone@external': 'read' });
      const log = await simpleGit(repo.dir).log();
      expect(log.all.filter((c) => c.message.startsWith('Record offers of mysql'))).toHaveLength(2);
    } finally {
      watch.stop();
      expect((await watch.done).code).toBe(0);
    }
    expect((await watch.done).out.match(/recorded offers\/mysql\.yaml/g)).toHaveLength(2);
  }, 60_000);
});
