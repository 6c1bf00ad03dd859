import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { diskFullError } from '../../model/errors.js';

export { isAlive, processStartTime } from '../host-processes.js';

export interface SpawnOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
}

/**
 * Starts a workload in its own process group, detached from the controller and writing to its
 * log file, so it keeps running across a controller restart and can be re-adopted.
 */
export function spawnWorkload(opts: SpawnOptions): ChildProcess {
  fs.mkdirSync(opts.cwd, { recursive: true, mode: 0o700 });
  const log = fs.openSync(opts.logFile, 'a', 0o600);
  try {
    const child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    fs.closeSync(log);
  }
}

/** Signals the whole process group (the workload and anything it started), falling back to the pid. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** The last non-empty line written to a log after `fromOffset`, to explain why a workload stopped. */
export function lastLogLine(logFile: string, fromOffset = 0): string | undefined {
  try {
    const fd = fs.openSync(logFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.max(0, Math.min(size - fromOffset, 4096));
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
      return lines.at(-1)?.slice(0, 200);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so readers never see half a file. */
export function writeFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw diskFullError(error, file) ?? error;
  }
  fs.renameSync(temp, file);
}
