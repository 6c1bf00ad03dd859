import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { flagValue, type ParsedArgs } from './argv.js';
import { charmActions, movingActions, releaseUnit } from './deferred-restart.js';
import { fail, json, modelOf, SimError, type SimAnswer, type SimContext } from './sim-context.js';

interface TaskResult {
  id: string;
  status: 'completed' | 'failed';
  message?: string;
  results: Record<string, unknown>;
  unit?: string;
}

/**
 * `juju run UNIT ACTION [k=v…] [--params FILE]`. An action's outcome is its task status and
 * return code, not the exit code: a failed task with return code 0 exits 0; a non-zero return
 * code exits 1 with "task failed" on stderr and the task still on stdout. Actions here:
 * `restart`/`openstack-upgrade`/`resume-refresh` move the unit to the application's state,
 * others complete without effect; a `fail=true` parameter makes any of them fail (return code
 * 1), `fail=soft` fail with return code 0.
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
  let task: TaskResult;
  if (params.fail === 'true' || params.fail === true) task = { id, status: 'failed', message: `${action} failed`, results: { 'return-code': 1, stderr: `${action}: refused\n` } };
  else if (params.fail === 'soft') task = { id, status: 'failed', message: `${action} could not complete`, results: { 'return-code': 0 } };
  else {
    if (movingActions.has(action)) await releaseUnit(ctx, model, unit);
    task = { id, status: 'completed', results: { 'return-code': 0 } };
  }
  return taskAnswer({ [unit]: task }, task.results['return-code'] !== 0);
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
