import { spawn } from 'node:child_process';
import type { ExecResult } from '../model/backend-data.js';

/** What is kept of each stream: the end, where a failing command says why. */
const streamLimit = 16 * 1024;

export interface RunShellOptions {
  /** The command's whole environment. */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Runs a command through `sh -c` on this machine: the reconciler's, or the embedded
 * controller's for a unit's command. The whole process group is killed on timeout or abort,
 * so a command that forks cannot outlive the rollout.
 */
export function runShell(command: string, opts: RunShellOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-streamLimit)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-streamLimit)));
    let stopped: string | undefined;
    const stop = (why: string) => {
      stopped = why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => stop(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => stop('interrupted');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (result: ExecResult) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.on('error', (error) => done({ exitCode: null, stdout, stderr: `${stderr}${error.message}`, stopped: 'could not start' }));
    child.on('close', (code) => done(stopped || code === null ? { exitCode: null, stdout, stderr, stopped: stopped ?? 'killed' } : { exitCode: code, stdout, stderr }));
  });
}
