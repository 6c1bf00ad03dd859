import { Command } from 'commander';
import { ExitCode } from '../model/errors.js';
import type { CliContext } from './context.js';
import { registerCommands } from './commands/index.js';
import { takeNoColorFlag } from './color.js';
import { reportError } from './report-error.js';
import { packageVersion } from './version.js';

export { reportError } from './report-error.js';

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
    const setExit = (code: number) => {
      exitCode = code;
    };
    await registerCommands(program, argv, ctx, setExit, runCli);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}
