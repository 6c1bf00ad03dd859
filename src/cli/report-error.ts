import { CommanderError } from 'commander';
import { diskFullError, GitopsError, ExitCode } from '../model/errors.js';
import type { CliContext } from './context.js';
import { formatDiagnostics } from './views/diagnostics.js';

/**
 * Writes what went wrong and returns the exit code for it: a GitopsError becomes its message,
 * hint and diagnostics; anything else is a bug and is reported as one, with the stack only when
 * JUJU_GITOPS_DEBUG is set.
 */
export function reportError(thrown: unknown, ctx: CliContext): number {
  const error = diskFullError(thrown) ?? thrown;
  if (error instanceof CommanderError) {
    // Help and version "errors" are normal exits; usage errors were already printed.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
  }
  if (error instanceof GitopsError) {
    if (error.diagnostics.length) ctx.err(formatDiagnostics(error.diagnostics));
    ctx.err(`error[${error.code}]: ${error.message}\n`);
    if (error.hint) ctx.err(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.err(`error[internal]: ${message}\n  hint: this is a bug in juju-gitops; rerun with JUJU_GITOPS_DEBUG=1 for details\n`);
  if (ctx.env.JUJU_GITOPS_DEBUG && error instanceof Error && error.stack) ctx.err(`${error.stack}\n`);
  return ExitCode.error;
}
