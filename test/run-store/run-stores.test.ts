import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpBackend } from '../../src/backends/local/http-backend.js';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';
import { openRunFile } from '../../src/controller/run-store/open-run-file.js';
import { SqliteRunStore } from '../../src/controller/run-store/sqlite-run-store.js';
import { openStore } from '../../src/controller/store/open-store.js';
import { startTestController } from '../helpers/test-controller.js';
import { runRunStoreContract } from './contract.js';

function tempDir(prefix: string): { dir: string; cleanup: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

runRunStoreContract('SQLite, in the controller store, in-process', async () => {
  const { dir, cleanup } = tempDir('juju-gitops-runs-sqlite-');
  const store = openStore(path.join(dir, 'controller.db'));
  return {
    runs: new SqliteRunStore({ store, location: 'test' }),
    cleanup: async () => {
      store.close();
      await cleanup();
    },
  };
});

runRunStoreContract('SQLite, in the controller store, over the HTTP API', async () => {
  const tc = await startTestController();
  const token = fs.readFileSync(path.join(tc.dir, 'token'), 'utf8').trim();
  return { runs: new HttpBackend({ url: tc.url, token }).runStore(), cleanup: tc.stop };
});

runRunStoreContract('SQLite, in a state-folder file', async () => {
  const { dir, cleanup } = tempDir('juju-gitops-runs-state-');
  return { runs: openRunFile(path.join(dir, 'runs', 'prod.db')), cleanup };
});

runRunStoreContract('git ref on a bare remote', async () => {
  const { dir, cleanup } = tempDir('juju-gitops-runs-git-');
  const remote = path.join(dir, 'remote.git');
  const repo = path.join(dir, 'repo');
  execFileSync('git', ['init', '--quiet', '--bare', remote]);
  execFileSync('git', ['init', '--quiet', repo]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
  return { runs: new GitRefRunStore({ repo, controller: 'prod' }), cleanup };
});
