import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCause } from './exit-cause.js';

describe('exitCause', () => {
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-exit-'));
    log = path.join(dir, 'workload.log');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('quotes EADDRINUSE from a Node.js workload that could not listen, not the runtime version after it', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const fd = fs.openSync(log, 'a');
      spawnSync(process.execPath, ['-e', `require('node:http').createServer().listen(${port}, '127.0.0.1')`], { stdio: ['ignore', fd, fd] });
      fs.closeSync(fd);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(fs.readFileSync(log, 'utf8').trim().split('\n').at(-1)).toMatch(/^Node\.js v/);
    expect(exitCause(log)).toBe(`Error: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
  });

  it.each([
    ['a plain last line', 'starting\nrefusing to start: build label v3-bad is marked bad\n', 'refusing to start: build label v3-bad is marked bad'],
    ['a Python traceback', 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: bad port\n', 'ValueError: bad port'],
    ['an error line followed by chatter', 'error: config missing\nshutting down\n', 'error: config missing'],
    ['nothing written', '', undefined],
  ])('explains %s', (_, text, expected) => {
    fs.writeFileSync(log, text);
    expect(exitCause(log)).toBe(expected);
  });

  it('reads only what was written since the offset', () => {
    fs.writeFileSync(log, 'Error: from an earlier run\n');
    const offset = fs.statSync(log).size;
    fs.appendFileSync(log, 'exiting: nothing to do\n');
    expect(exitCause(log, offset)).toBe('exiting: nothing to do');
  });
});
