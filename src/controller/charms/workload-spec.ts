import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unknownPlaceholders } from './templates.js';
import { defaultRestartPolicy, type HealthSpec, type RestartPolicy, type WorkloadSpec } from './types.js';

interface ParseContext {
  file: string;
  dir: string;
  options: ReadonlySet<string>;
  report: (file: string, code: string, summary: string, hint?: string) => void;
}

const knownKeys = new Set([
  'command', 'args', 'environment', 'port-option', 'health', 'stop-grace-ms', 'notify-relations', 'publish', 'restart-delay-ms', 'restart',
]);
const restartKeys = new Set(['attempts', 'backoff-ms', 'max-backoff-ms', 'reset-after-ms']);

/** Validates a parsed `workload.yaml` (shape documented on WorkloadSpec) and resolves its command. */
export function parseWorkloadSpec(raw: Record<string, unknown>, ctx: ParseContext): WorkloadSpec | undefined {
  const fail = (code: string, summary: string, hint?: string) => ctx.report(ctx.file, code, summary, hint);
  for (const key of Object.keys(raw)) if (!knownKeys.has(key)) fail('workload-key-unknown', `unknown key ${key}`, `known keys: ${[...knownKeys].join(', ')}`);
  const templates: string[] = [];
  const strings = (key: string, value: unknown): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      fail('workload-value-invalid', `${key} must be a list of strings`);
      return [];
    }
    return value.map(String);
  };
  const stringMap = (key: string, value: unknown): Record<string, string> => {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('workload-value-invalid', `${key} must be a map of strings`);
      return {};
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  };
  const number = (key: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      fail('workload-value-invalid', `${key} must be a number of milliseconds`);
      return fallback;
    }
    return value;
  };

  let command: string | undefined;
  if (raw.command !== undefined) {
    if (typeof raw.command !== 'string' || !raw.command) fail('workload-value-invalid', 'command must be a string');
    else command = resolveCommand(raw.command, ctx.dir);
    if (typeof raw.command === 'string' && raw.command && !command) {
      fail('workload-command-not-found', `workload command ${raw.command} does not exist`, 'install it, or fix command in workload.yaml');
    }
  }
  const args = strings('args', raw.args);
  const environment = stringMap('environment', raw.environment);
  const publish = stringMap('publish', raw.publish);
  templates.push(...args, ...Object.values(environment), ...Object.values(publish));

  const portOption = raw['port-option'];
  if (portOption !== undefined && (typeof portOption !== 'string' || !ctx.options.has(portOption))) {
    fail('workload-port-option-unknown', `port-option ${JSON.stringify(portOption)} is not an option of config.yaml`);
  }
  let health: HealthSpec | undefined;
  if (raw.health !== undefined) {
    const h = (raw.health ?? {}) as Record<string, unknown>;
    health = {
      intervalMs: number('health.interval-ms', h['interval-ms'], 250),
      startupTimeoutMs: number('health.startup-timeout-ms', h['startup-timeout-ms'], 15_000),
      timeoutMs: number('health.timeout-ms', h['timeout-ms'], 2_000),
    };
    if (typeof h.http === 'string' && h.http.startsWith('/')) health.http = h.http;
    else if (h.command !== undefined) {
      health.command = strings('health.command', h.command);
      templates.push(...health.command);
    } else fail('workload-health-invalid', 'health needs http (a path starting with /) or command (a list)');
  }
  let restart: RestartPolicy = defaultRestartPolicy;
  if (raw.restart !== undefined) {
    if (typeof raw.restart !== 'object' || raw.restart === null || Array.isArray(raw.restart)) fail('workload-value-invalid', 'restart must be a map');
    else {
      const r = raw.restart as Record<string, unknown>;
      for (const key of Object.keys(r)) if (!restartKeys.has(key)) fail('workload-key-unknown', `unknown key restart.${key}`, `known keys: ${[...restartKeys].join(', ')}`);
      const attempts = r.attempts ?? defaultRestartPolicy.attempts;
      if (!Number.isInteger(attempts) || (attempts as number) < 0) fail('workload-value-invalid', 'restart.attempts must be a whole number (0: never restart)');
      restart = {
        attempts: Number.isInteger(attempts) && (attempts as number) >= 0 ? (attempts as number) : defaultRestartPolicy.attempts,
        backoffMs: number('restart.backoff-ms', r['backoff-ms'], defaultRestartPolicy.backoffMs),
        maxBackoffMs: number('restart.max-backoff-ms', r['max-backoff-ms'], defaultRestartPolicy.maxBackoffMs),
        resetAfterMs: number('restart.reset-after-ms', r['reset-after-ms'], defaultRestartPolicy.resetAfterMs),
      };
    }
  }
  const signal = raw['notify-relations'];
  if (signal !== undefined && (typeof signal !== 'string' || !(signal in os.constants.signals))) {
    fail('workload-signal-invalid', `notify-relations ${JSON.stringify(signal)} is not a signal name`, 'for example SIGHUP');
  }
  for (const template of templates) {
    for (const unknown of unknownPlaceholders(template, ctx.options)) {
      fail('workload-template-unknown', `${unknown} in ${JSON.stringify(template)} is not a known value`, 'use {config.OPTION} {port} {address} {unit} {application} {model} {charm_dir} {state_dir}');
    }
  }
  return {
    ...(command ? { command } : {}),
    args,
    environment,
    ...(typeof portOption === 'string' ? { portOption } : {}),
    ...(health ? { health } : {}),
    stopGraceMs: number('stop-grace-ms', raw['stop-grace-ms'], 5_000),
    ...(typeof signal === 'string' ? { notifyRelations: signal as NodeJS.Signals } : {}),
    publish,
    restartDelayMs: number('restart-delay-ms', raw['restart-delay-ms'], 0),
    restart,
  };
}

/** `node` is the controller's own Node.js, so charms work wherever juju-gitops does. */
function resolveCommand(command: string, charmDir: string): string | undefined {
  if (command === 'node') return process.execPath;
  const candidates = path.isAbsolute(command)
    ? [command]
    : command.includes('/')
      ? [path.join(charmDir, command)]
      : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((p) => path.join(p, command));
  return candidates.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
