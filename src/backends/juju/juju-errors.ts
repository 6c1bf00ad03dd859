import { GitopsError } from '../../model/errors.js';

/**
 * Stable codes for what the `juju` CLI says on stderr. Juju has no machine-readable error
 * codes on the CLI, so the message text is all there is; each pattern below is a message
 * Juju prints (3.6 and 4.x), and the CLI's own words travel along in the error's detail.
 */
export type JujuErrorCode =
  | 'model-not-found'
  | 'model-exists'
  | 'relation-exists'
  | 'machine-in-use'
  | 'application-not-found'
  | 'unit-not-found'
  | 'offer-not-found'
  | 'action-not-found'
  | 'juju-not-found'
  | 'juju-permission-denied'
  | 'juju-login-expired'
  | 'juju-timeout'
  | 'juju-not-installed'
  | 'juju-failed';

interface Rule {
  code: JujuErrorCode;
  pattern: RegExp;
  hint?: string;
}

const loginHint = 'log in again with `juju login` (juju-gitops uses your existing Juju login and stores none)';

// Order matters: the first rule that matches wins, most specific first.
const rules: Rule[] = [
  { code: 'juju-login-expired', pattern: /please (enter password|log ?in)|no credentials provided|login expired|macaroon discharge required|invalid entity name or password|cannot get discharge/i, hint: loginHint },
  { code: 'juju-permission-denied', pattern: /permission denied|unauthorized access|you do not have permission/i, hint: 'ask a controller or model administrator to `juju grant` you access' },
  { code: 'model-not-found', pattern: /model "?[^"\s]*"? not found|no model (in focus|named)|model .* not found/i, hint: 'check the model name with `juju models`' },
  { code: 'action-not-found', pattern: /action "[^"]*" not defined/i, hint: 'list the charm\'s actions with `juju actions APPLICATION`' },
  { code: 'unit-not-found', pattern: /unit "[^"]*" not found/i },
  { code: 'application-not-found', pattern: /application "[^"]*" not found/i },
  { code: 'offer-not-found', pattern: /(application )?offer "?[^"\s]*"? not found|no matching application offers/i },
  { code: 'model-exists', pattern: /model "[^"]*"(?: for \S+)? already exists/i, hint: 'choose another model name, or use the existing model' },
  { code: 'relation-exists', pattern: /relation .*\(?already exists\)?/i },
  { code: 'machine-in-use', pattern: /machine \S+ (?:has units?(?:\(s\))? |is hosting containers)/i, hint: 'remove or move its units first' },
  { code: 'juju-not-found', pattern: /\(not found\)|not found/i },
];

/** The code for a failed juju call, from what it printed on stderr. */
export function classifyJujuError(stderr: string): JujuErrorCode {
  return rules.find((r) => r.pattern.test(stderr))?.code ?? 'juju-failed';
}

/** The error a caller sees for a failed juju call: a stable code, the command, Juju's own words. */
export function jujuError(args: readonly string[], stderr: string, exitCode: number | null): GitopsError {
  const code = classifyJujuError(stderr);
  const said = firstErrorLine(stderr);
  const hint = rules.find((r) => r.code === code)?.hint;
  return new GitopsError(code, `juju ${args[0] ?? ''} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${said}`, { hint });
}

/** Juju prints `ERROR <message>` lines; the first one says what went wrong. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.find((l) => l.startsWith('ERROR'));
  return (error ?? lines[0] ?? 'no output').replace(/^ERROR\s*/, '');
}
