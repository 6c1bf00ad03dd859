import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../controller/agent/processes.js';
import { findController } from './daemon.js';

/**
 * A controller whose process is alive but slow to answer must be waited for, not taken as
 * absent: "absent" makes the caller start a second daemon, which then fails on the store lock.
 * The "controller" here is this test process (alive, known start time) serving a stand-in API.
 */
describe('finding the running controller', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo();
  });

  async function controllerThat(answer: (req: http.IncomingMessage, res: http.ServerResponse, attempt: number) => void): Promise<{ dir: string; attempts: () => number }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-daemon-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    let attempts = 0;
    const server = http.createServer((req, res) => answer(req, res, ++attempts));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.writeFileSync(path.join(dir, 'token'), 'test-token\n', { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ address, pid: process.pid, pidStart: processStartTime(process.pid), started: new Date().toISOString() }));
    return { dir, attempts: () => attempts };
  }

  const status = { dir: 'x', pid: process.pid, models: [] };

  it('waits for a controller that refuses its first connections, and finds it', async () => {
    const { dir, attempts } = await controllerThat((req, res, attempt) => {
      if (attempt < 3) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    });
    const found = await findController(dir, { patienceMs: 10_000 });
    expect(found?.info.pid).toBe(process.pid);
    expect(attempts()).toBe(3);
  });

  it('reports a controller that runs but never answers, instead of taking it as absent', async () => {
    const { dir } = await controllerThat((req) => req.socket.destroy());
    await expect(findController(dir, { patienceMs: 300 })).rejects.toMatchObject({
      code: 'controller-unresponsive',
      message: expect.stringContaining(`runs but does not answer`),
    });
  });

  it('takes a controller whose process is gone as absent', async () => {
    const { dir } = await controllerThat((req) => req.socket.destroy());
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'api.json'), 'utf8')) as { pidStart?: string };
    fs.writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ ...info, pidStart: 'another process' }));
    expect(await findController(dir, { patienceMs: 300 })).toBeUndefined();
  });
});
