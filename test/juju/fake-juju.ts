import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FakeCall {
  argv: string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  sleepMs?: number;
}

export interface FakeJuju {
  command: string;
  env: NodeJS.ProcessEnv;
  /** The argv of every call made so far, in order. */
  calls(): string[][];
  cleanup(): void;
}

const executable = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-juju');

/** A `juju` executable answering exactly the given argv, for exact-argv fixture tests. */
export function fakeJuju(table: FakeCall[]): FakeJuju {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-juju-'));
  const tableFile = path.join(dir, 'table.json');
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(tableFile, JSON.stringify(table));
  fs.writeFileSync(log, '');
  return {
    command: executable,
    env: { ...process.env, FAKE_JUJU_TABLE: tableFile, FAKE_JUJU_LOG: log },
    calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
