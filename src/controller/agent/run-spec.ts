import { createHash } from 'node:crypto';
import { withDefaults } from '../../bundle/charm-options.js';
import { renderTemplate, type TemplateValues } from '../charms/templates.js';
import type { LocalCharm } from '../charms/types.js';
import { canonicalJson } from '../ops/context.js';
import type { StoredApplied } from '../store/rows.js';

/** Exactly what a unit's process runs; any difference means a restart. */
export interface RunSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  port?: number;
  hash: string;
}

export interface UnitIdentity {
  model: string;
  unit: string;
  application: string;
  stateDir: string;
  relationsFile: string;
}

/** A few variables of the controller's environment that programs expect to find. */
const inherited = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'TZ'];

export function templateValues(charm: LocalCharm, applied: StoredApplied, who: UnitIdentity, port?: number): TemplateValues {
  return {
    config: withDefaults(applied.options, charm.info.config),
    ...(port ? { port } : {}),
    address: '127.0.0.1',
    unit: who.unit,
    application: who.application,
    model: who.model,
    charm_dir: charm.dir,
    state_dir: who.stateDir,
  };
}

/** The port a unit uses: its port option when set to non-zero, else the one it already has. */
export function configuredPort(charm: LocalCharm, applied: StoredApplied): number | undefined {
  const option = charm.workload?.portOption;
  if (!option) return undefined;
  const value = withDefaults(applied.options, charm.info.config)[option];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

export function buildRunSpec(charm: LocalCharm, applied: StoredApplied, who: UnitIdentity, port: number | undefined): RunSpec {
  const workload = charm.workload!;
  const values = templateValues(charm, applied, who, port);
  const env = unitEnvironment(charm, applied, who, port);
  const args = workload.args.map((a) => renderTemplate(a, values));
  const hash = createHash('sha256')
    .update(canonicalJson({ command: workload.command, args, env, port, applied }))
    .digest('hex')
    .slice(0, 16);
  return { command: workload.command!, args, env, ...(port ? { port } : {}), hash };
}

/**
 * The environment of a unit's workload: a few of the controller's variables, the unit's
 * identity, and the charm's `environment` templates. A command run on the unit gets the same.
 */
export function unitEnvironment(charm: LocalCharm | undefined, applied: StoredApplied, who: UnitIdentity, port: number | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inherited) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  Object.assign(env, {
    JUJU_MODEL_NAME: who.model,
    JUJU_UNIT_NAME: who.unit,
    JUJU_APPLICATION: who.application,
    JUJU_UNIT_ADDRESS: '127.0.0.1',
    ...(charm ? { JUJU_CHARM_DIR: charm.dir } : {}),
    JUJU_UNIT_STATE_DIR: who.stateDir,
    JUJU_RELATIONS_FILE: who.relationsFile,
    ...(port ? { JUJU_UNIT_PORT: String(port) } : {}),
  });
  if (!charm?.workload) return env;
  const values = templateValues(charm, applied, who, port);
  for (const [name, template] of Object.entries(charm.workload.environment)) env[name] = renderTemplate(template, values);
  return env;
}

export function publishedSettings(charm: LocalCharm | undefined, applied: StoredApplied, who: UnitIdentity, port?: number): Record<string, string> {
  if (!charm?.workload) return {};
  const values = templateValues(charm, applied, who, port);
  return Object.fromEntries(Object.entries(charm.workload.publish).map(([k, t]) => [k, renderTemplate(t, values)]));
}
