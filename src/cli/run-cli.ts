import { Command, CommanderError } from 'commander';
import { diskFullError, GitopsError, ExitCode } from '../model/errors.js';
import type { CliContext } from './context.js';
import { registerCommands } from './commands/index.js';
import { formatDiagnostics } from './views/diagnostics.js';
import { takeNoColorFlag } from './color.js';
import { packageVersion } from './version.js';

/**
 * Runs one juju-gitops command line and returns its exit code. Commands report their code by
 * returning it; a GitopsError becomes its message, hint and diagnostics; anything else is a bug
 * and is reported as one, with the stack only when JUJU_GITOPS_DEBUG is set.
 */
export async function runCli(commandLine: string[], given: CliContext): Promise<number> {
  const { argv, noColor } = takeNoColorFlag(commandLine);
  const ctx: CliContext = noColor ? { ...given, color: false } : given;
  let exitCode: number = ExitCode.ok;
  const program = new Command('juju-gitops')
    .description('Declarative GitOps for Juju models: bundles and overlays in git, health-gated rollouts.')
    .version(packageVersion())
    .option('--no-color', 'no colour in any output (also NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .exitOverride()
    // Commands inherit this: `validate a.yaml b.yaml` must not silently check only a.yaml.
    .allowExcessArguments(false)
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
    .showHelpAfterError('(run with --help for usage)');
  try {
    await registerCommands(program, argv, ctx, (code) => {
      exitCode = code;
    });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

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
