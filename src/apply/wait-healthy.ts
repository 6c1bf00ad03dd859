import type { ModelBackend } from '../backends/backend.js';
import type { HealthCheck } from '../model/config.js';
import type { LiveUnit } from '../model/live.js';
import type { HealthCheckKind } from './events.js';
import { expandTemplate, probeHttp, statusVerdict, unitVars } from './health.js';
import { runUnitCommand, type CommandContext } from './run-command.js';
import { errorSummary } from '../model/errors.js';
import { abortableSleep as sleep } from './abortable-sleep.js';

export interface HealthOutcome {
  ok: boolean;
  /** The check that decided: `status` until the unit settles, then the configured one. */
  check: HealthCheckKind;
  /** What the deciding check said last. */
  output: string;
}

export interface WaitForHealthyOptions {
  backend: ModelBackend;
  model: string;
  units: string[];
  check: HealthCheck;
  timeoutMs: number;
  signal?: AbortSignal;
  onPhase?: (unit: string, phase: 'settling' | 'checking') => void;
  onWait?: (what: string, unit: string | undefined, timeoutMs: number) => void;
  /** Where `exec` checks run and what their output must not show. */
  commands: CommandContext;
}


/**
 * Waits until every unit has settled (agent idle, workload active) and then passes its health
 * check, all within one deadline. Units are judged independently, so one slow unit does not
 * hide another's failure, and each outcome keeps the last thing its check said.
 */
export async function waitForHealthy(opts: WaitForHealthyOptions): Promise<Map<string, HealthOutcome>> {
  const deadline = Date.now() + opts.timeoutMs;
  const outcomes = new Map<string, HealthOutcome>();
  const settled = await waitForStatus(opts, deadline, outcomes);
  if (opts.check.type === 'status') return outcomes;
  await Promise.all(settled.map((unit) => waitForCheck(opts, unit, deadline, outcomes)));
  return outcomes;
}

async function waitForStatus(
  opts: WaitForHealthyOptions,
  deadline: number,
  outcomes: Map<string, HealthOutcome>,
): Promise<LiveUnit[]> {
  let pending = [...opts.units];
  const passed: LiveUnit[] = [];
  for (const unit of pending) opts.onPhase?.(unit, 'settling');
  opts.onWait?.(`${pending.join(', ')} to settle (agent idle, workload active)`, pending.length === 1 ? pending[0] : undefined, opts.timeoutMs);
  let pollMs = 50;
  for (;;) {
    const remaining = Math.max(0, deadline - Date.now());
    let result: Awaited<ReturnType<ModelBackend['waitForSettled']>>;
    try {
      // One wait for the whole deadline: the backend answers as soon as the units settle.
      result = await opts.backend.waitForSettled(opts.model, pending, { timeoutMs: remaining, signal: opts.signal });
    } catch (error) {
      // Interrupted (Ctrl-C, lost lease), or the backend kept failing (reads are retried before
      // this): the wait ends, and the units cannot be called healthy.
      const output = opts.signal?.aborted ? 'interrupted while settling' : `could not read the unit's status: ${errorSummary(error)}`;
      for (const name of pending) outcomes.set(name, { ok: false, check: 'status', output });
      return passed;
    }
    const byName = new Map(result.units.map((u) => [u.name, u]));
    const still: string[] = [];
    for (const name of pending) {
      const unit = byName.get(name);
      if (!unit) {
        outcomes.set(name, { ok: false, check: 'status', output: 'unit not found in the model' });
        continue;
      }
      const verdict = statusVerdict(unit);
      if (verdict.ok) {
        passed.push(unit);
        outcomes.set(name, { ok: true, check: 'status', output: verdict.output });
      } else if (verdict.final || Date.now() >= deadline || opts.signal?.aborted) {
        const why = verdict.final ? '' : opts.signal?.aborted ? ' (interrupted)' : ` (not healthy within ${opts.timeoutMs} ms)`;
        outcomes.set(name, { ok: false, check: 'status', output: verdict.output + why });
      } else {
        still.push(name);
      }
    }
    pending = still;
    if (pending.length === 0) return passed;
    // Settled but not yet active (waiting, blocked): the workload reports its own status in
    // its own time, and a settled unit answers at once, so look again after a growing pause.
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), opts.signal);
    pollMs = Math.min(pollMs * 2, 500);
  }
}

async function waitForCheck(
  opts: WaitForHealthyOptions,
  unit: LiveUnit,
  deadline: number,
  outcomes: Map<string, HealthOutcome>,
): Promise<void> {
  const check = opts.check;
  if (check.type === 'status') return;
  const vars = unitVars(opts.model, unit);
  const target = check.type === 'http' ? expandTemplate(check.url, vars) : check.command;
  opts.onPhase?.(unit.name, 'checking');
  const where = check.type === 'exec' && check.runOn === 'reconciler' ? ' (on this machine)' : '';
  opts.onWait?.(
    check.type === 'http' ? `${target} to answer 2xx on ${unit.name}` : `\`${target}\` to exit 0 for ${unit.name}${where}`,
    unit.name,
    Math.max(0, deadline - Date.now()),
  );
  // What the last attempt that ran to its end said: the report when a later one is cut short.
  let answered: string | undefined;
  for (;;) {
    const remaining = Math.max(1, deadline - Date.now());
    // A probe that throws (it cannot even be made) counts as a failed attempt, with the reason.
    const result = await (check.type === 'http' ? probeHttp(target, Math.min(remaining, 5000)) : runUnitCommand(opts.commands, check, unit, remaining)).catch(
      (error: unknown) => ({ ok: false, output: `the ${check.type} check could not run: ${errorSummary(error)}` }),
    );
    const cutShort = !result.ok && Date.now() >= deadline;
    if (result.ok || Date.now() >= deadline || opts.signal?.aborted) {
      outcomes.set(unit.name, { ok: result.ok, check: check.type, output: cutShort && answered !== undefined ? answered : result.output });
      return;
    }
    answered = result.output;
    await sleep(Math.min(250, Math.max(0, deadline - Date.now())), opts.signal);
    if (Date.now() >= deadline || opts.signal?.aborted) {
      outcomes.set(unit.name, { ok: false, check: check.type, output: answered });
      return;
    }
  }
}
