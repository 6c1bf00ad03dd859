import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { flagValue, type ParsedArgs } from './argv.js';
import { charmActions } from './deferred-restart.js';
import { familyAction, type ActionAnswer } from './charm-families.js';
import { fail, json, modelOf, SimError, type SimAnswer, type SimContext } from './sim-context.js';

interface TaskResult {
  id: string;
  status: 'completed' | 'failed';
  message?: string;
  log?: string[];
  results: Record<string, unknown>;
  unit?: string;
}

/**
 * `juju run UNIT ACTION [k=v…] [--params FILE]`. An action's outcome is its task status and
 * return code, not the exit code: a failed task with return code 0 exits 0; a non-zero return
 * code exits 1 with "task failed" on stderr and the task still on stdout. What an action does
 * is its charm family's (see charm-families.ts); other actions complete without effect. A
 * `fail=true` parameter, or a fault the test sets for the unit and action (`error`), makes it
 * raise (return code 1); `fail=soft`, or the fault `failed`, makes the charm fail it (return
 * code 0), in the family's own words where the family has them.
 */
export async function run(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const model = modelOf(ctx, args);
  const [unit, action, ...pairs] = args.positional;
  const live = await ctx.backend.readModel(model);
  const app = live.applications[unit?.split('/')[0] ?? ''];
  if (!app?.units[unit]) throw new SimError(`unit "${unit}" not found (not found)`);
  if (!(action in charmActions(ctx, app))) {
    // 3.6 prints nothing and exits 0 (Jubilant raises on the empty answer); 4.0 says so.
    if (ctx.dialect === '3.6') return { stdout: '', stderr: '', exitCode: 0 };
    return fail(`action "${action}" not defined for unit "${unit}". (not found)`);
  }
  const params: Record<string, unknown> = Object.fromEntries(pairs.map((p) => p.split('=', 2)));
  const file = flagValue(args, '--params');
  if (file) Object.assign(params, parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
  const id = String(ctx.nextTaskId());
  const fault = params.fail === 'true' || params.fail === true ? 'error' : params.fail === 'soft' ? 'failed' : ctx.fault?.(unit, action);
  let answer: ActionAnswer;
  if (fault === 'error') {
    // An uncaught exception in the action: Juju fails the task with the script's exit status.
    answer = { status: 'failed', message: 'exit status 1', results: { 'return-code': 1, stderr: `Traceback (most recent call last):\n  File "./actions/${action}", line 1\nRuntimeError: ${action}: refused\n` } };
  } else if (fault === 'failed' && !failsInOwnWords.has(action)) {
    answer = { status: 'failed', message: `${action} could not complete`, results: {} };
  } else {
    answer = (await familyAction(ctx, model, app, unit, action)) ?? { status: 'completed', results: {} };
  }
  const task: TaskResult = {
    id,
    status: answer.status,
    ...(answer.message ? { message: answer.message } : {}),
    ...(answer.log?.length ? { log: answer.log.map((line) => `${logTime(ctx.now())} ${line}`) } : {}),
    results: { 'return-code': 0, ...answer.results },
  };
  return taskAnswer({ [unit]: task }, task.results['return-code'] !== 0);
}

/** Actions whose charm family fails them, when told to, in the charm's own words. */
const failsInOwnWords = new Set(['openstack-upgrade', 'resume-refresh']);

/** An action log line's time as `juju run` prints it: `2025-03-01 16:23:26 +0000 UTC`. */
function logTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** `juju exec --format json --unit UNIT -- COMMAND…`, run on this machine with the unit's names. */
export async function exec(ctx: SimContext, args: ParsedArgs): Promise<SimAnswer> {
  const model = modelOf(ctx, args);
  const unit = flagValue(args, '--unit', '-u') ?? '';
  const live = await ctx.backend.readModel(model);
  const liveUnit = live.applications[unit.split('/')[0]]?.units[unit];
  if (!liveUnit) throw new SimError(`unit "${unit}" not found (not found)`);
  const command = args.rest.join(' ');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', JUJU_UNIT_NAME: unit, JUJU_MODEL_NAME: model, UNIT_ADDRESS: liveUnit.address };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('/bin/sh', ['-c', command], { env, timeout: 60_000 }, (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err }));
  });
  const results: Record<string, unknown> = { 'return-code': code, ...(stdout ? { stdout } : {}), ...(stderr ? { stderr } : {}) };
  return taskAnswer({ [unit]: { id: String(ctx.nextTaskId()), results, status: 'completed', unit } }, code !== 0);
}

function taskAnswer(tasks: Record<string, TaskResult>, failed: boolean): SimAnswer {
  const answer = json(tasks);
  if (!failed) return answer;
  const ids = Object.values(tasks).map((t) => ` id "${t.id}" with return code ${String(t.results['return-code'])}`).join('\n');
  return { ...answer, stderr: `ERROR the following task failed:\n${ids}\n\nuse 'juju show-task' to inspect the failure\n`, exitCode: 1 };
}
