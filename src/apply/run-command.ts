import type { ExecResult, ModelBackend } from '../backends/backend.js';
import { runShell } from '../backends/run-shell.js';
import type { CommandPlace } from '../model/config.js';
import { errorSummary } from '../model/errors.js';
import type { LiveUnit } from '../model/live.js';
import { maskedInLabel } from '../model/secrets.js';
import { unitEnv, unitVars } from './health.js';

export interface CommandContext {
  backend: ModelBackend;
  model: string;
  signal?: AbortSignal;
  /** The reconciler's environment and folder, for commands run there. */
  baseEnv?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Values that must not appear in what a command printed (secret option values). */
  secretValues: readonly string[];
}

export interface CommandOutcome {
  ok: boolean;
  /** The end of what it printed, its exit code or why it stopped; secrets masked. */
  output: string;
}

const outputLimit = 2000;

/**
 * Runs an exec health check or a drain hook for one unit, with UNIT, ADDRESS, PORT, MODEL and
 * APPLICATION set: on the unit through the backend (the default), or on this machine when the
 * policy says `runOn: reconciler`. A unit that cannot be reached is a failed command, not an error.
 */
export async function runUnitCommand(
  ctx: CommandContext,
  spec: { command: string; runOn?: CommandPlace },
  unit: LiveUnit,
  timeoutMs: number,
): Promise<CommandOutcome> {
  const env = unitEnv(unitVars(ctx.model, unit));
  let result: ExecResult;
  try {
    result =
      spec.runOn === 'reconciler'
        ? await runShell(spec.command, { env: { ...(ctx.baseEnv ?? process.env), ...env }, cwd: ctx.cwd, timeoutMs, signal: ctx.signal })
        : await ctx.backend.exec(ctx.model, unit.name, spec.command, { timeoutMs, signal: ctx.signal, env });
  } catch (error) {
    return { ok: false, output: maskValues(`cannot run on ${unit.name}: ${errorSummary(error)}`, ctx.secretValues) };
  }
  const printed = [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n');
  const ending = result.exitCode === 0 ? '' : `(${result.stopped ?? `exit ${result.exitCode}`})`;
  const output = maskValues([printed, ending].filter(Boolean).join('\n'), ctx.secretValues);
  return { ok: result.exitCode === 0, output: output.slice(-outputLimit) };
}

/**
 * Masks every occurrence of each value. Values under four characters are left alone: they
 * would mask ordinary words and numbers all over the output, and are no credentials.
 */
export function maskValues(text: string, values: readonly string[]): string {
  let masked = text;
  for (const value of [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    masked = masked.split(value).join(maskedInLabel);
  }
  return masked;
}
