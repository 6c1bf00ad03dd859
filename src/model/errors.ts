import type { Diagnostic } from './diagnostic.js';

/**
 * An error the user can act on. Thrown by any layer; only cli/main.ts turns it into output and
 * an exit code, so no stack trace ever reaches a user for their own mistake.
 */
export class GitopsError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    opts: { hint?: string; diagnostics?: Diagnostic[]; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GitopsError';
    this.code = code;
    this.hint = opts.hint;
    this.diagnostics = opts.diagnostics ?? [];
    this.exitCode = opts.exitCode ?? 2;
  }
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** `diff --exit-code`: there are changes. Also: a rollout stopped on a failed unit. */
  changes: 1,
  failed: 1,
  /** Bad input, or an error talking to the outside world. */
  error: 2,
  /** Another reconcile holds the model's lease. */
  leaseHeld: 3,
  /** The run lost the model's lease to another run (it was paused past its TTL) and stopped. */
  leaseLost: 4,
} as const;

/** An error as one line for reports and journals: its message, then what its diagnostics say. */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof GitopsError ? error.diagnostics.map((d) => d.summary) : [];
  return details.length ? `${message}: ${details.join('; ')}` : message;
}

/**
 * A full disk (or quota) met while writing `file`, as the user's problem it is rather than as a
 * bug: Node reports ENOSPC/EDQUOT with the path, SQLite SQLITE_FULL without one.
 */
export function diskFullError(error: unknown, file?: string): GitopsError | undefined {
  const e = error as { code?: unknown; path?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && !code.startsWith('SQLITE_FULL')) return undefined;
  const where = typeof e.path === 'string' ? e.path : file;
  const what = where ? `no space left to write ${where}` : 'no space left on the device';
  return new GitopsError('disk-full', `${what}${code === 'EDQUOT' ? ' (disk quota reached)' : ''}`, {
    hint: 'free some space on that file system, then run the command again',
    cause: error,
  });
}
