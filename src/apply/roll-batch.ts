import type { ModelBackend, UnitTarget } from '../backends/backend.js';
import type { HookCommand, RolloutPolicy } from '../model/config.js';
import type { LiveUnit } from '../model/live.js';
import type { HealthCheckKind, UnitPhase } from './events.js';
import { describeMove, unitAtTarget } from './labels.js';
import { runUnitCommand, type CommandContext } from './run-command.js';
import { secretValuesOf } from './secret-values.js';
import { waitForHealthy } from './wait-healthy.js';
import { errorSummary } from '../model/errors.js';

export interface BatchUnit {
  unit: string;
  target: UnitTarget;
  previous: UnitTarget;
  live: LiveUnit;
  /** Already runs the target (a resumed or repeated run): only its health is checked. */
  atTarget: boolean;
}

export interface BatchUnitOutcome {
  unit: string;
  ok: boolean;
  check: HealthCheckKind;
  output: string;
  moved: boolean;
  rolledBack: boolean;
  durationMs: number;
}

export interface BatchContext {
  backend: ModelBackend;
  model: string;
  policy: RolloutPolicy;
  secrets: readonly string[];
  signal?: AbortSignal;
  baseEnv?: NodeJS.ProcessEnv;
  cwd?: string;
  phase: (unit: BatchUnit, phase: UnitPhase, detail?: string) => void;
  wait: (what: string, unit: string | undefined, timeoutMs: number) => void;
}

type Failure = { check: HealthCheckKind; output: string };

/**
 * Moves one batch: drain, apply, settle and check, undrain. Each unit is judged on its own;
 * the caller decides what a failure means for the rest of the rollout.
 */
export async function rollBatch(ctx: BatchContext, batch: BatchUnit[]): Promise<BatchUnitOutcome[]> {
  const started = Date.now();
  const failures = new Map<string, Failure>();
  const toMove = batch.filter((u) => !u.atTarget);

  const drained = await runHook(ctx, toMove, failures, 'drain', ctx.policy.drain, 'draining');
  const applied = await Promise.all(
    drained.map(async (u) => {
      ctx.phase(u, 'applying');
      try {
        await ctx.backend.applyUnitChange(ctx.model, u.unit, u.target);
        return u;
      } catch (error) {
        failures.set(u.unit, { check: 'apply', output: errorSummary(error) });
        return undefined;
      }
    }),
  );
  const checking = [...batch.filter((u) => u.atTarget), ...applied.filter((u): u is BatchUnit => u !== undefined)];
  const health = await checkHealth(ctx, checking);
  for (const [unit, outcome] of health) if (!outcome.ok) failures.set(unit, { check: outcome.check, output: outcome.output });
  const healthy = toMove.filter((u) => health.get(u.unit)?.ok);
  await runHook(ctx, healthy, failures, 'undrain', ctx.policy.undrain, 'undraining');

  const outcomes: BatchUnitOutcome[] = [];
  for (const u of batch) {
    const failure = failures.get(u.unit);
    // A unit whose write the backend refused did not move: it is not counted, nor rolled back.
    const moved = !u.atTarget && applied.includes(u);
    let rolledBack = false;
    let output = failure?.output ?? health.get(u.unit)?.output ?? '';
    // A unit found already at its target (moved by a run that was killed) is rolled back too,
    // as long as there is somewhere else to go back to.
    const rollable = moved || (u.atTarget && !unitAtTarget(u.previous, u.target));
    if (failure && rollable && ctx.policy.rollback && !ctx.signal?.aborted) {
      const back = await rollBack(ctx, u);
      rolledBack = back.rolledBack;
      output = `${output}\n${back.note}`;
    }
    outcomes.push({
      unit: u.unit,
      ok: !failure,
      check: failure?.check ?? health.get(u.unit)?.check ?? 'status',
      output,
      moved: moved && !rolledBack,
      rolledBack,
      durationMs: Date.now() - started,
    });
  }
  return outcomes;
}

/** Runs a drain or undrain hook for each unit at once; returns the units whose hook succeeded. */
async function runHook(
  ctx: BatchContext,
  units: BatchUnit[],
  failures: Map<string, Failure>,
  check: 'drain' | 'undrain',
  hook: HookCommand | undefined,
  phase: UnitPhase,
): Promise<BatchUnit[]> {
  if (!hook) return units;
  const results = await Promise.all(
    units.map(async (u) => {
      ctx.phase(u, phase);
      ctx.wait(`${check} hook for ${u.unit}${hook.runOn === 'reconciler' ? ' (on this machine)' : ''}`, u.unit, ctx.policy.healthTimeoutMs);
      const result = await runUnitCommand(commandContext(ctx, [u]), hook, u.live, ctx.policy.healthTimeoutMs);
      if (!result.ok) failures.set(u.unit, { check, output: result.output });
      return result.ok ? u : undefined;
    }),
  );
  return results.filter((u): u is BatchUnit => u !== undefined);
}

type Health = Map<string, { ok: boolean; check: HealthCheckKind; output: string }>;

/** Settles and checks the units; a check that cannot be made at all fails every unit it was for. */
async function checkHealth(ctx: BatchContext, units: BatchUnit[]): Promise<Health> {
  if (units.length === 0) return new Map();
  const byName = new Map(units.map((u) => [u.unit, u]));
  const checking = waitForHealthy({
    backend: ctx.backend,
    model: ctx.model,
    units: units.map((u) => u.unit),
    check: ctx.policy.healthCheck,
    timeoutMs: ctx.policy.healthTimeoutMs,
    signal: ctx.signal,
    commands: commandContext(ctx, units),
    onPhase: (unit, phase) => ctx.phase(byName.get(unit)!, phase),
    onWait: ctx.wait,
  });
  return checking.catch((error: unknown) => {
    const output = `could not check the unit's health: ${errorSummary(error)}`;
    return new Map(units.map((u) => [u.unit, { ok: false, check: 'status' as const, output }]));
  });
}

/** Where the units' commands run, and the secret values their output must not show. */
function commandContext(ctx: BatchContext, units: BatchUnit[]): CommandContext {
  return {
    backend: ctx.backend, model: ctx.model, signal: ctx.signal, baseEnv: ctx.baseEnv, cwd: ctx.cwd,
    secretValues: units.flatMap((u) => secretValuesOf([u.target.options, u.previous.options, u.live.applied.options], ctx.secrets)),
  };
}

/** Returns a failed unit to what it ran before and reports whether it came back healthy. */
async function rollBack(ctx: BatchContext, u: BatchUnit): Promise<{ rolledBack: boolean; note: string }> {
  const labels = describeMove(u.target, u.previous, ctx.secrets);
  ctx.phase(u, 'rolling-back', `${labels.from} → ${labels.to}`);
  try {
    await ctx.backend.applyUnitChange(ctx.model, u.unit, u.previous);
  } catch (error) {
    return { rolledBack: false, note: `rollback failed: ${(error as Error).message}` };
  }
  // While it comes back, the unit stays "rolling back" (with what it is waiting for), so the
  // log never reads as if the failed change were being applied again.
  const back: BatchContext = { ...ctx, phase: (unit, p) => ctx.phase(unit, 'rolling-back', `${labels.from} → ${labels.to}: ${p}`) };
  const health = (await checkHealth(back, [u])).get(u.unit);
  if (!health?.ok) return { rolledBack: true, note: `rolled back; still unhealthy: ${health?.output ?? 'no status'}` };
  const failures = new Map<string, Failure>();
  await runHook(ctx, [u], failures, 'undrain', ctx.policy.undrain, 'undraining');
  const undrain = failures.get(u.unit);
  return { rolledBack: true, note: undrain ? `rolled back; undrain failed: ${undrain.output}` : 'rolled back; healthy again' };
}
