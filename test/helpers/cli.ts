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
