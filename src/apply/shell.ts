import { spawn } from 'node:child_process';

export interface ShellResult {
  ok: boolean;
  /** The tail of stdout and stderr together, or why the command did not finish. */
  output: string;
}

const outputLimit = 2000;

/**
 * Runs a command through `sh -c` on this machine with extra environment. The whole process
 * group is killed on timeout or abort, so a hook that forks cannot outlive the rollout.
 */
export function runShell(
  command: string,
  opts: { env: Record<string, string>; baseEnv?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd: opts.cwd,
      env: { ...(opts.baseEnv ?? process.env), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-outputLimit);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
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
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ ok: false, output: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const text = output.trim();
      if (stopped) resolve({ ok: false, output: [text, `(${stopped})`].filter(Boolean).join('\n') });
      else if (code === 0) resolve({ ok: true, output: text });
      else resolve({ ok: false, output: [text, `(exit ${code ?? signal})`].filter(Boolean).join('\n') });
    });
  });
}
