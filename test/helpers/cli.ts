import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, as a user would in `cwd`, and returns its exit code and output. */
export async function runCliCaptured(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CliRun> {
  const ctx = captureContext(opts);
  const code = await runCli(args, ctx);
  return { code, out: ctx.stdout(), err: ctx.stderr() };
}

export interface RunningCli {
  /** Resolves with the exit code and everything printed, once the command ends. */
  done: Promise<CliRun>;
  /** Everything printed on stdout so far. */
  out(): string;
  /** Resolves once stdout matches `pattern`; rejects if the command ends first or after `timeoutMs`. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Aborts the command, as Ctrl-C does. */
  stop(): void;
}

/** Starts the CLI in-process and lets a test wait for what it prints, instead of for a fixed time. */
export function startCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): RunningCli {
  const abort = new AbortController();
  const ctx = captureContext({ ...opts, signal: abort.signal });
  const waiters = new Set<() => void>();
  const out = ctx.out;
  ctx.out = (text) => {
    out(text);
    for (const wake of waiters) wake();
  };
  let ended = false;
  const done = runCli(args, ctx).then((code) => ({ code, out: ctx.stdout(), err: ctx.stderr() }));
  void done.finally(() => {
    ended = true;
    for (const wake of waiters) wake();
  });
  return {
    done,
    out: ctx.stdout,
    stop: () => abort.abort(),
    printed(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`nothing printed matched ${pattern} within ${timeoutMs} ms; printed:\n${ctx.stdout()}`)), timeoutMs);
        const check = () => {
          if (pattern.test(ctx.stdout())) finish();
          else if (ended) finish(new Error(`the command ended before printing ${pattern}; printed:\n${ctx.stdout()}${ctx.stderr()}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
