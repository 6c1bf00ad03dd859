import { execFile, type ExecFileException } from 'node:child_process';
import { GitopsError } from '../../model/errors.js';
import { jujuError } from './juju-errors.js';

export interface JujuRunnerOptions {
  /** The `juju` executable (default: `juju` on PATH). */
  command?: string;
  /** JUJU_DATA for the child: which client store (controllers, logins) it reads. */
  jujuData?: string;
  /** The environment the child inherits (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Per call, unless the call says otherwise. */
  timeoutMs?: number;
  /** Called after every call, for counting and tracing. */
  onCall?: (call: JujuCall) => void;
}

export interface JujuCall {
  args: string[];
  exitCode: number | null;
  durationMs: number;
}

export interface JujuResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const defaultTimeoutMs = 120_000;
const maxOutputBytes = 256 * 1024 * 1024;

/**
 * Runs the `juju` CLI: always an argument array through execFile (no shell, so no quoting and
 * no injection), always with a timeout, and with a failed call turned into a GitopsError with
 * a stable code. `allowExit` lists exit codes that are answers, not failures (`juju run` exits
 * 1 when an action's task fails but still prints the task on stdout).
 */
export class JujuRunner {
  readonly command: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;
  private readonly onCall?: (call: JujuCall) => void;

  constructor(opts: JujuRunnerOptions = {}) {
    this.command = opts.command ?? 'juju';
    this.env = { ...(opts.env ?? process.env), ...(opts.jujuData ? { JUJU_DATA: opts.jujuData } : {}) };
    this.timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
    this.onCall = opts.onCall;
  }

  run(args: string[], opts: { timeoutMs?: number; allowExit?: number[]; signal?: AbortSignal } = {}): Promise<JujuResult> {
    const started = performance.now();
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      execFile(
        this.command,
        args,
        { env: this.env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxOutputBytes, signal: opts.signal, windowsHide: true },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          this.onCall?.({ args, exitCode, durationMs: performance.now() - started });
          if (!error) return resolve({ stdout, stderr, exitCode: 0 });
          if (exitCode !== null && opts.allowExit?.includes(exitCode)) return resolve({ stdout, stderr, exitCode });
          reject(describeFailure(this.command, args, error, stderr, exitCode, timeoutMs));
        },
      );
    });
  }

  /** Runs a `--format=json` command and parses what it printed. */
  async json<T = unknown>(args: string[], opts: { timeoutMs?: number; allowExit?: number[] } = {}): Promise<T> {
    const { stdout } = await this.run(args, opts);
    return parseJujuJson<T>(args, stdout);
  }
}

export function parseJujuJson<T>(args: readonly string[], stdout: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch (cause) {
    throw new GitopsError('juju-bad-output', `juju ${args[0]} printed something that is not JSON: ${stdout.slice(0, 120)}`, { cause });
  }
}

function describeFailure(
  command: string,
  args: string[],
  error: ExecFileException,
  stderr: string,
  exitCode: number | null,
  timeoutMs: number,
): GitopsError {
  if (error.code === 'ENOENT') {
    return new GitopsError('juju-not-installed', `cannot run ${command}: not found`, {
      hint: 'install the Juju client (`snap install juju`) or set `command:` on the controller in juju-gitops.yaml',
    });
  }
  if (error.name === 'AbortError') return new GitopsError('juju-aborted', `juju ${args[0]} was cancelled`);
  if (error.killed && exitCode === null) {
    return new GitopsError('juju-timeout', `juju ${args[0]} did not answer within ${Math.round(timeoutMs / 1000)}s`, {
      hint: 'check that the controller is reachable (`juju status`), or raise the timeout',
    });
  }
  return jujuError(args, stderr, exitCode);
}
