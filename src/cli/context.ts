import type { Command } from 'commander';
import type { RolloutEvent } from '../apply/events.js';
import { useColor } from './color.js';

/**
 * What a command may touch of the outside world. Commands never use process.* directly, so
 * the same command runs in the real binary and in tests (in-process, output captured).
 */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stdout is an interactive terminal outside CI: live tables instead of log lines. */
  isTTY: boolean;
  /** Whether output may be coloured, by the one rule of `useColor` (absent: no colour). */
  color?: boolean;
  /** The terminal's size as it is now (it may be resized while a live table is drawn). */
  terminal?: { readonly columns?: number; readonly rows?: number };
  /** Aborted on Ctrl-C; long-running commands stop cleanly when it fires. */
  signal: AbortSignal;
  /** Also receives every rollout event a command shows (the demo feeds its status page with it). */
  onEvent?: (event: RolloutEvent) => void;
}

/** Sets the process exit code of the command being run. */
export type SetExit = (code: number) => void;

/** Runs one command line in a context and returns its exit code (the CLI itself, passed to the demo). */
export type RunCli = (argv: string[], ctx: CliContext) => Promise<number>;

/**
 * What a command module may need of the CLI around it, handed in rather than imported so no
 * command imports the table that loads it: the CLI itself (the demo drives it) and the command
 * table (completion reads the other commands' definitions).
 */
export interface CliWiring {
  runCli: RunCli;
  commands: readonly CommandEntry[];
}

/** Adds a command module's commands to the program. */
export type Register = (program: Command, ctx: CliContext, setExit: SetExit, cli: CliWiring) => void;

/** One command module: the top-level commands it declares, and how to load it. */
export interface CommandEntry {
  names: readonly string[];
  load: () => Promise<Register>;
}

export function processContext(signal: AbortSignal): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY) && process.env.CI !== 'true',
    color: useColor(process.env, { tty: Boolean(process.stdout.isTTY) }),
    terminal: process.stdout,
    signal,
  };
}

/** Builds a context that records output, for tests and for callers embedding the CLI. */
export function captureContext(opts: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): CliContext & {
  stdout: () => string;
  stderr: () => string;
} {
  let stdout = '';
  let stderr = '';
  return {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    isTTY: false,
    // Only what the test sets: a FORCE_COLOR the test runner exports must not colour captured output.
    color: useColor(opts.env ?? {}, { tty: false }),
    signal: opts.signal ?? new AbortController().signal,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
