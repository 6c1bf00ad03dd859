import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/context.js';
import { reportError } from '../../src/cli/run-cli.js';
import { startController } from '../../src/backends/local/start-controller.js';
import { openStore } from '../../src/controller/store/open-store.js';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the controller home', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-home-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('is created 0700 with every file in it 0600: store, WAL, token, api.json', async () => {
    const dir = path.join(parent, 'a', 'controller');
    const controller = await startController({ dir, port: 0, charmDirs: [] });
    try {
      await controller.backend.addModel('m');
      expect(modeOf(dir)).toBe(0o700);
      for (const name of ['controller.db', 'controller.db-wal', 'token', 'api.json']) {
        expect([name, modeOf(path.join(dir, name))]).toEqual([name, 0o600]);
      }
    } finally {
      await controller.stop();
    }
  });

  it('narrows the mode of a store file an older version left readable', async () => {
    const dir = path.join(parent, 'controller');
    await (await startController({ dir, port: 0, charmDirs: [] })).stop();
    fs.chmodSync(path.join(dir, 'controller.db'), 0o644);
    const controller = await startController({ dir, port: 0, charmDirs: [] });
    await controller.stop();
    expect(modeOf(path.join(dir, 'controller.db'))).toBe(0o600);
  });

  it('refuses an existing folder others can read, with the command that fixes it', async () => {
    const dir = path.join(parent, 'shared');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    await expect(startController({ dir, port: 0, charmDirs: [] })).rejects.toMatchObject({
      code: 'controller-dir-open',
      message: expect.stringContaining('mode 0755'),
      hint: expect.stringContaining(`chmod 700 ${dir}`),
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses an empty store where a controller has run, leaving it as it was', async () => {
    const dir = path.join(parent, 'controller');
    const first = await startController({ dir, port: 0, charmDirs: [] });
    await first.backend.addModel('precious');
    await first.stop();
    fs.truncateSync(path.join(dir, 'controller.db'), 0);
    fs.rmSync(path.join(dir, 'controller.db-wal'), { force: true });
    await expect(startController({ dir, port: 0, charmDirs: [] })).rejects.toMatchObject({ code: 'store-corrupt', message: expect.stringContaining('empty') });
    expect(fs.statSync(path.join(dir, 'controller.db')).size).toBe(0);
  });

  it('takes an empty store in a folder where nothing ran yet as a new controller', async () => {
    const dir = path.join(parent, 'controller');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'controller.db'), '');
    const controller = await startController({ dir, port: 0, charmDirs: [] });
    expect(await controller.backend.listModels()).toEqual([]);
    await controller.stop();
  });
});

describe('the store file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-store-'));
    file = path.join(dir, 'controller.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a store cut in the middle of a page, which SQLite itself would read', () => {
    const store = openStore(file);
    store.transaction(() => {
      for (let i = 0; i < 50; i++) store.run("INSERT INTO events (at, kind, data) VALUES ('now', 'k', ?)", 'x'.repeat(400));
    });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    fs.truncateSync(file, fs.statSync(file).size - 100);
    expect(() => openStore(file, { fresh: false })).toThrow(expect.objectContaining({ code: 'store-corrupt', message: expect.stringContaining('truncated') }));
  });

  it('reports a full disk as disk-full naming the store, and keeps what was committed', () => {
    const store = openStore(file);
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    const write = () => store.transaction(() => {
      for (let i = 0; i < 100; i++) store.run("INSERT INTO events (at, kind, data) VALUES ('now', 'k', ?)", 'x'.repeat(4000));
    });
    expect(write).toThrow(expect.objectContaining({ code: 'disk-full', message: `no space left to write ${file}` }));
    expect(store.get<{ n: number }>('SELECT count(*) AS n FROM events')?.n).toBe(0);
    store.close();
  });
});

describe('a full disk met where the file is not known', () => {
  it('is reported as disk-full, not as a bug', () => {
    let thrown: unknown;
    try {
      fs.writeFileSync('/dev/full', 'x');
    } catch (error) {
      thrown = error;
    }
    const ctx = captureContext({ cwd: os.tmpdir(), env: {} });
    expect(reportError(thrown, ctx)).toBe(2);
    expect(ctx.stderr()).toBe('error[disk-full]: no space left on the device\n  hint: free some space on that file system, then run the command again\n');
  });
});
