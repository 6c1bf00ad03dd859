import { GitopsError } from '../../model/errors.js';

/** One task as `juju run --format json` and `juju exec --format json` print it, keyed by unit. */
export interface RawTask {
  id?: string;
  status?: string;
  message?: string;
  results?: Record<string, unknown> & { 'return-code'?: number; stdout?: string; stderr?: string; Stdout?: string; Stderr?: string };
  unit?: string;
  log?: string[];
}

export interface TaskOutcome {
  unit: string;
  id: string;
  /** True only when the task completed with return code 0. */
  ok: boolean;
  status: string;
  returnCode: number;
  message?: string;
  stdout: string;
  stderr: string;
  /** The action's own results, without return-code/stdout/stderr. */
  results: Record<string, unknown>;
}

/**
 * Judges a task by what Juju says about it, not by the CLI's exit code: `status: failed` with
 * return code 0 exits 0, and a non-zero return code exits 1 ("task failed") with the task
 * still on stdout. An empty answer means the action does not exist (Juju 3.6 prints nothing;
 * 4.0 exits 1 with "(not found)", which the runner reports as action-not-found).
 */
export function taskOutcome(unit: string, stdout: string, what: string): TaskOutcome {
  if (!stdout.trim()) throw new GitopsError('action-not-found', `${what} on ${unit}: juju returned no task (is the action defined by the charm?)`, { hint: 'list the charm\'s actions with `juju actions APPLICATION`' });
  let parsed: Record<string, RawTask>;
  try {
    parsed = JSON.parse(stdout) as Record<string, RawTask>;
  } catch (cause) {
    throw new GitopsError('juju-bad-output', `${what} on ${unit}: juju printed something that is not a task: ${stdout.slice(0, 120)}`, { cause });
  }
  const task = parsed[unit] ?? Object.values(parsed)[0];
  if (!task) throw new GitopsError('juju-bad-output', `${what} on ${unit}: no task for the unit in juju's answer`);
  const { 'return-code': rc, stdout: out, stderr: err, Stdout, Stderr, ...results } = task.results ?? {};
  const returnCode = typeof rc === 'number' ? rc : 0;
  const status = task.status ?? 'unknown';
  return {
    unit,
    id: task.id ?? '',
    ok: status === 'completed' && returnCode === 0,
    status,
    returnCode,
    ...(task.message ? { message: task.message } : {}),
    stdout: typeof out === 'string' ? out : typeof Stdout === 'string' ? Stdout : '',
    stderr: typeof err === 'string' ? err : typeof Stderr === 'string' ? Stderr : '',
    results,
  };
}

/** A one-line account of a task that did not succeed, for reports and journals. */
export function describeFailedTask(what: string, t: TaskOutcome): string {
  const detail = t.message ?? (t.stderr.trim().split('\n').pop() || undefined);
  return `${what} on ${t.unit} ${t.status} (task ${t.id}, return code ${t.returnCode})${detail ? `: ${detail}` : ''}`;
}
