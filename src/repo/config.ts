import type { CommandPlace, ControllerConfig, HealthCheck, HookCommand, JujuModelBinding, ModelConfig, RepoConfig, RolloutPolicy, UnitStrategySpec } from '../model/config.js';
import { defaultRolloutPolicy } from '../model/config.js';
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import { defaultDialect } from '../bundle/dialect.js';
import { isRecord } from '../bundle/merge.js';
import { parseDocuments, type ParsedDocument } from '../bundle/parse.js';
import type { JujuDialect } from '../model/bundle.js';
import { positionIn } from '../bundle/positions.js';
import { checkSchema } from '../bundle/schema-check.js';
import { closestMatch } from '../bundle/suggest.js';
import { durationMs } from './duration.js';
import { configFileName, type Repo } from './open.js';

type RawPolicy = {
  batch?: number; maxUnavailable?: number; order?: RolloutPolicy['order']; healthCheck?: HealthCheck;
  healthTimeout?: number | string; pause?: number | string; canary?: number; rollback?: boolean; drain?: RawHook; undrain?: RawHook;
  unitStrategy?: UnitStrategySpec;
};
type RawModel = { controller?: string; model?: string; bundle?: string; overlays?: string[]; prune?: boolean; records?: 'write' | 'commit'; secrets?: string[]; rollout?: RawPolicy; applications?: Record<string, RawPolicy> };
type RawController = { kind: 'local' | 'juju'; dir?: string; name?: string; controller?: string; jujuData?: string; command?: string; version?: string | number };
type RawConfig = { controllers?: Record<string, RawController>; models: Record<string, RawModel> };

/**
 * Reads and validates juju-gitops.yaml, then fills defaults: the `local` controller always
 * exists, a model's bundle defaults to bundles/<model>.yaml, and every rollout policy is
 * complete (durations in milliseconds). Any problem throws one GitopsError carrying all of them.
 */
export async function loadRepoConfig(repo: Repo): Promise<RepoConfig> {
  let text: string;
  try {
    text = await repo.readFile(configFileName);
  } catch (error) {
    if (error instanceof GitopsError) throw error;
    throw new GitopsError('config-not-found', `cannot read ${configFileName}${repo.rev ? ` at ${repo.rev}` : ''}`, { hint: 'run `juju-gitops init` to create one', cause: error });
  }
  const parsed = parseDocuments(text, { file: configFileName, absPath: `${repo.root}/${configFileName}` });
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const part = parsed.documents[0];
  if (part && part.value !== null) {
    // Every finding at once: the cross-field rules run beside the schema, each guarding its shapes.
    diagnostics.push(...checkSchema(part, 'config'), ...crossFieldFindings(part));
  } else if (!hasErrors(diagnostics)) {
    diagnostics.push({ code: 'config-empty', severity: 'error', summary: `${configFileName} is empty`, hint: 'declare at least `models:`', file: configFileName, line: 1, col: 1 });
  }
  if (part && !hasErrors(diagnostics)) {
    const raw = part.value as RawConfig;
    return buildConfig(repo.root, raw, controllersOf(raw, repo.root));
  }
  throw new GitopsError('config-invalid', `${configFileName} is not valid`, { diagnostics });
}

/** Rules the schema cannot say: controllers that exist, batch xor maxUnavailable. */
function crossFieldFindings(part: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const raw = isRecord(part.value) ? part.value : {};
  const declared = new Set(['local', ...Object.keys(isRecord(raw.controllers) ? raw.controllers : {})]);
  for (const [name, model] of Object.entries(isRecord(raw.models) ? raw.models : {})) {
    if (!isRecord(model)) continue;
    const controller = typeof model.controller === 'string' ? model.controller : 'local';
    if (!declared.has(controller)) {
      const guess = closestMatch(controller, [...declared]);
      out.push({ code: 'unknown-controller', severity: 'error', summary: `model \`${name}\` names controller \`${controller}\`, which is not declared`, hint: guess ? `did you mean \`${guess}\`?` : 'declare it under `controllers:`', pointer: `/models/${name}/controller`, ...positionIn(part, ['models', name, 'controller']) });
    }
    const policy = isRecord(model.rollout) ? model.rollout : {};
    if (policy.batch !== undefined && policy.maxUnavailable !== undefined) {
      out.push({ code: 'batch-and-max-unavailable', severity: 'error', summary: `model \`${name}\` sets both batch and maxUnavailable`, hint: 'they mean the same; keep one', ...positionIn(part, ['models', name, 'rollout', 'maxUnavailable'], 'key') });
    }
  }
  return out;
}

function controllersOf(raw: RawConfig, root: string): Record<string, ControllerConfig> {
  const out: Record<string, ControllerConfig> = { local: { kind: 'local' } };
  for (const [name, c] of Object.entries(raw.controllers ?? {})) {
    const version = c.version === undefined ? {} : { version: dialectOf(c.version) };
    out[name] =
      c.kind === 'juju'
        ? { kind: 'juju', name: c.controller ?? c.name ?? name, ...(c.jujuData ? { jujuData: c.jujuData } : {}), ...(c.command ? { command: c.command } : {}), models: jujuModelsOf(raw, name), repoRoot: root, ...version }
        : { kind: 'local', ...(c.dir ? { dir: c.dir } : {}), ...version };
  }
  return out;
}

/** The models a Juju controller serves, so its backend knows their Juju names and unit strategies. */
function jujuModelsOf(raw: RawConfig, controller: string): Record<string, JujuModelBinding> {
  const out: Record<string, JujuModelBinding> = {};
  for (const [name, m] of Object.entries(raw.models)) {
    if ((m.controller ?? 'local') !== controller) continue;
    const applications: Record<string, UnitStrategySpec> = {};
    for (const [app, policy] of Object.entries(m.applications ?? {})) if (policy.unitStrategy) applications[app] = policy.unitStrategy;
    out[name] = { model: m.model ?? name, ...(m.rollout?.unitStrategy ? { unitStrategy: m.rollout.unitStrategy } : {}), applications };
  }
  return out;
}

/** YAML reads `version: 3.6` as a number and `version: 4.0` as 4; both mean the dialect. */
function dialectOf(version: string | number): JujuDialect {
  return String(version).startsWith('4') ? '4.0' : '3.6';
}

function buildConfig(root: string, raw: RawConfig, controllers: Record<string, ControllerConfig>): RepoConfig {
  const models: Record<string, ModelConfig> = {};
  for (const [name, m] of Object.entries(raw.models)) {
    models[name] = {
      name,
      controller: m.controller ?? 'local',
      ...(m.model ? { jujuModel: m.model } : {}),
      bundle: m.bundle ?? `bundles/${name}.yaml`,
      overlays: m.overlays ?? [],
      prune: m.prune ?? false,
      records: m.records ?? 'write',
      secrets: m.secrets ?? [],
      rollout: { ...defaultRolloutPolicy, ...policyOf(m.rollout ?? {}) },
      dialect: controllers[m.controller ?? 'local']?.version ?? defaultDialect,
      applications: Object.fromEntries(Object.entries(m.applications ?? {}).map(([app, p]) => [app, policyOf(p)])),
    };
  }
  return { root, controllers, models };
}

/** Only the fields that are set, so per-application overrides leave the rest to the model. */
export function policyOf(raw: RawPolicy): Partial<RolloutPolicy> {
  const out: Partial<RolloutPolicy> = {};
  const batch = raw.batch ?? raw.maxUnavailable;
  if (batch !== undefined) out.batch = batch;
  if (raw.order !== undefined) out.order = raw.order;
  if (raw.healthCheck !== undefined) out.healthCheck = raw.healthCheck;
  if (raw.healthTimeout !== undefined) out.healthTimeoutMs = durationMs(raw.healthTimeout);
  if (raw.pause !== undefined) out.pauseMs = durationMs(raw.pause);
  if (raw.canary !== undefined) out.canary = raw.canary;
  if (raw.rollback !== undefined) out.rollback = raw.rollback;
  if (raw.drain !== undefined) out.drain = hookOf(raw.drain);
  if (raw.undrain !== undefined) out.undrain = hookOf(raw.undrain);
  if (raw.unitStrategy !== undefined) out.unitStrategy = raw.unitStrategy;
  return out;
}

type RawHook = string | { command: string; runOn?: CommandPlace };

/** A hook written as a bare command runs on the unit. */
function hookOf(raw: RawHook): HookCommand {
  return typeof raw === 'string' ? { command: raw, runOn: 'unit' } : { command: raw.command, runOn: raw.runOn ?? 'unit' };
}

/**
 * The repository model a Juju plugin call means: `juju gitops … -m [controller:]model` runs
 * juju-gitops with JUJU_MODEL (and `-c` with JUJU_CONTROLLER) set, as Juju's plugin runner
 * does. Undefined when neither is set or no single `kind: juju` model matches.
 */
export function modelFromJujuEnv(config: RepoConfig, env: NodeJS.ProcessEnv): string | undefined {
  const named = env.JUJU_MODEL;
  if (!named) return undefined;
  const [controller, model] = named.includes(':') ? named.split(':', 2) : [env.JUJU_CONTROLLER, named];
  const bare = model.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
  const matches = Object.entries(config.models).filter(([name, m]) => {
    const c = config.controllers[m.controller];
    return c?.kind === 'juju' && (!controller || c.name === controller) && (m.jujuModel ?? name) === bare;
  });
  return matches.length === 1 ? matches[0][0] : undefined;
}
