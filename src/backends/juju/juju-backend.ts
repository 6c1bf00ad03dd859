import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as toYaml } from 'yaml';
import type { BackendCapabilities } from '../../model/capabilities.js';
import type { Change } from '../../model/change.js';
import type { JujuModelBinding } from '../../model/config.js';
import { GitopsError } from '../../model/errors.js';
import type { GenerationChanges, LiveModel } from '../../model/live.js';
import type { ModelOwner, OwnerClaim } from '../../model/owner.js';
import type { ModelOwnership } from '../ownership.js';
import type {
  ExecOptions,
  ExecResult,
  ModelBackend,
  ModelSummary,
  SettleResult,
  UnitTarget,
  WaitOptions,
} from '../backend.js';
import { describeFailedTask, taskOutcome, type TaskOutcome } from './action-result.js';
import { commandsForChange, type JujuCommand } from './change-commands.js';
import { checkOptionsAgainstSchema } from './check-options.js';
import { dialectOfVersion, parseShowModel, type JujuDialect, type ModelInfo } from './dialect.js';
import { jujuError } from './juju-errors.js';
import { claimThroughModelConfig, ownerConfigKey, ownerConfigValue, ownerOfModelConfig, type RawModelConfig } from './model-owner.js';
import { readLiveModel, type ReadResult } from './read-live-model.js';
import { jujuMigrationProgress, startJujuMigration } from './migration.js';
import type { ControllerMigration, MigrationProgress } from '../transfer.js';
import { JujuRunner, type JujuRunnerOptions } from './run-juju.js';
import { parseStatus } from './parse-status.js';
import type { RawStatus } from './status-types.js';
import { jujuCapabilities, strategyFor, type UnitStrategy } from './unit-strategy.js';
import { actionsFor, refuseHollowTask, refuseUnstagedCharm, strategyMovesUnit } from './strategy-run.js';

export interface JujuBackendOptions extends JujuRunnerOptions {
  /** The controller's name in `juju controllers`. */
  controller: string;
  /** Pin the dialect instead of detecting it from the model's agent version. */
  version?: JujuDialect;
  /** The repository's models on this controller: Juju model names and unit strategies. */
  models?: Record<string, JujuModelBinding>;
  /** The longest pause between two `juju status` calls of a health wait (one call for the whole batch). */
  pollMs?: number;
  /** Consecutive settled polls required before units count as settled. */
  settledPasses?: number;
}

/**
 * A real Juju controller (3.6 LTS or 4.x) through the `juju` CLI, with the operator's own
 * login: every call an argument array, `-m controller:model`, JSON output. Juju has no per-unit
 * config, so moving one unit is the application-level change made once plus the unit
 * strategy's actions on that unit; with no strategy, a change reaches every unit at once.
 */
export class JujuBackend implements ModelBackend, ModelOwnership, ControllerMigration {
  readonly kind = 'juju' as const;
  readonly controllerName: string;
  /** Unit staging follows each application's unit strategy; no per-unit generations on Juju. */
  readonly capabilities: BackendCapabilities;
  readonly juju: JujuRunner;
  private readonly opts: JujuBackendOptions;
  private readonly info = new Map<string, Promise<ModelInfo>>();
  private readonly last = new Map<string, ReadResult>();

  constructor(opts: JujuBackendOptions) {
    this.opts = opts;
    this.controllerName = opts.controller;
    this.capabilities = jujuCapabilities(opts.models);
    this.juju = new JujuRunner(opts);
  }

  /** `controller:model` for `-m`, with the model's name on the Juju controller. */
  private target(model: string): string {
    return `${this.controllerName}:${this.opts.models?.[model]?.model ?? model}`;
  }

  /** How a change reaches one unit of this application (the plan says so through capabilities). */
  strategy(model: string, application: string): UnitStrategy {
    return strategyFor(this.opts.models?.[model], application);
  }

  /** The model's uuid, type and agent version, read once per backend (they do not change). */
  modelInfo(model: string): Promise<ModelInfo> {
    let info = this.info.get(model);
    if (!info) {
      info = this.juju.json(['show-model', this.target(model), '--format', 'json']).then(parseShowModel);
      info.catch(() => this.info.delete(model));
      this.info.set(model, info);
    }
    return info;
  }

  async dialect(model: string): Promise<JujuDialect> {
    if (this.opts.version) return this.opts.version;
    const info = await this.modelInfo(model);
    return dialectOfVersion(info.agentVersion ?? '3.6');
  }

  async listModels(): Promise<ModelSummary[]> {
    const raw = await this.juju.json<{ models?: Array<Record<string, unknown>> }>(['models', '-c', this.controllerName, '--format', 'json']);
    return (raw.models ?? []).map((m) => ({
      name: String(m['short-name'] ?? String(m.name ?? '').split('/').pop()),
      uuid: String(m['model-uuid'] ?? ''),
      type: m['model-type'] === 'caas' ? 'caas' : 'iaas',
      applications: Number((m as { 'application-count'?: number })['application-count'] ?? 0),
      units: Number((m as { 'unit-count'?: number })['unit-count'] ?? 0),
    }));
  }

  async addModel(name: string): Promise<void> {
    await this.juju.run(['add-model', '-c', this.controllerName, name]);
  }

  async readModel(model: string): Promise<LiveModel> {
    const result = await readLiveModel(this.juju, this.target(model), () => this.modelInfo(model));
    this.last.set(model, result);
    return result.live;
  }

  /** The model as last read; read again when that read cannot answer what the caller needs (an application deployed or units added since). */
  private async known(model: string, answers: (known: ReadResult) => boolean = () => true): Promise<ReadResult> {
    const cached = this.last.get(model);
    if (cached && answers(cached)) return cached;
    await this.readModel(model);
    return this.last.get(model)!;
  }

  async applyChange(model: string, change: Change): Promise<void> {
    const known = await this.known(model, answersFor(change));
    if (change.kind === 'config') {
      checkOptionsAgainstSchema(change.application, change.set, change.unset, known.schemas[change.application]);
      if (this.configIsLive(known.live, change.application, change.set, change.unset)) return;
    }
    if (change.kind === 'refresh' && this.refreshIsLive(known.live, change.application, change.to)) return;
    for (const command of commandsForChange(change, { model: this.target(model), controller: this.controllerName, modelName: this.opts.models?.[model]?.model ?? model, live: known.live })) {
      await this.runCommand(command);
    }
    this.remember(model, change);
  }

  /**
   * Moves one unit: the application-level change once (a charm with an action strategy defers
   * its effect), then the strategy's actions on this unit, each judged by its task. A charm
   * family's preconditions are checked before anything changes; a move its actions do not
   * carry (say an OpenStack option other than `openstack-origin`) reaches the units with the
   * application-level change. Without a strategy Juju cannot move one unit alone.
   */
  async applyUnitChange(model: string, unit: string, target: UnitTarget): Promise<void> {
    const application = unit.split('/')[0];
    const known = await this.known(model, (k) => Boolean(k.live.applications[application]?.units[unit]));
    const app = known.live.applications[application];
    if (!app?.units[unit]) throw new GitopsError('unit-not-found', `unit ${JSON.stringify(unit)} not found in model ${model}`);
    if (target.generation) {
      throw new GitopsError('juju-no-per-unit-config', `unit ${unit} cannot track generation ${target.generation}: Juju has no per-unit config`);
    }
    const strategy = this.strategy(model, application);
    // What the unit ran when the model was last read, before this rollout changed its application;
    // or a unit the reconciler marked from its journal as left without its actions (on the model
    // this backend returned, so on its copy too).
    const moves = strategy.kind === 'actions' && (app.units[unit].offBuild !== undefined || strategyMovesUnit(strategy, app.units[unit].applied, target));
    if (moves) refuseUnstagedCharm(strategy, app, known.schemas[application] ?? {}, target);
    const changes = unitChanges(application, app.options, app, target);
    if (moves && strategy.beforeChange && changes.some((c) => c.kind === 'refresh' && !this.refreshIsLive(known.live, application, c.to))) {
      const leader = Object.values(app.units).find((u) => u.leader)?.name ?? unit;
      await this.runAction(model, leader, strategy.beforeChange, {});
    }
    for (const change of changes) await this.applyChange(model, change);
    if (!moves) return;
    const done: string[] = [];
    for (const { action, on } of actionsFor(strategy, app, unit)) {
      try {
        refuseHollowTask(action.name, await this.runAction(model, on, action.name, action.params ?? {}));
      } catch (error) {
        // Earlier actions did their part: say so, since the unit is left as they left it (paused, say).
        if (!done.length || !(error instanceof GitopsError)) throw error;
        throw new GitopsError(error.code, `${error.message}; already ran on ${unit}: ${done.join(', ')}`, { hint: error.hint, cause: error.cause });
      }
      done.push(action.name);
    }
  }

  /** `juju run UNIT ACTION`, judged by task status and return code; throws `action-failed` otherwise. */
  async runAction(model: string, unit: string, action: string, params: Record<string, string | number | boolean>): Promise<TaskOutcome> {
    const args = ['run', '-m', this.target(model), unit, action, '--format', 'json', ...Object.entries(params).map(([k, v]) => `${k}=${String(v)}`)];
    const outcome = taskOutcome(unit, await this.task(args), `action ${action}`);
    if (!outcome.ok) throw new GitopsError('action-failed', describeFailedTask(`action ${action}`, outcome));
    return outcome;
  }

  /**
   * `juju exec --unit UNIT -- COMMAND` on the unit's machine, in the unit's hook context; the
   * task's return code is the answer. `opts.env` is exported in front of the command, as
   * `juju exec` passes no environment of its own.
   */
  async exec(model: string, unit: string, command: string, opts: Partial<ExecOptions> = {}): Promise<ExecResult> {
    const exports = Object.entries(opts.env ?? {}).map(([name, value]) => `export ${name}=${shellQuote(value)}; `).join('');
    const args = ['exec', '-m', this.target(model), '--format', 'json', '--unit', unit, '--', `${exports}${command}`];
    const outcome = taskOutcome(unit, await this.task(args, opts.timeoutMs, opts.signal), 'exec');
    return { exitCode: outcome.returnCode, stdout: outcome.stdout, stderr: outcome.stderr };
  }

  /**
   * A task's answer: exit 1 with the task on stdout is a failed task, judged by the caller;
   * exit 1 with nothing on stdout is Juju refusing the call (an unknown unit), mapped as any error.
   */
  private async task(args: string[], timeoutMs?: number, signal?: AbortSignal): Promise<string> {
    const { stdout, stderr, exitCode } = await this.juju.run(args, { allowExit: [1], timeoutMs, signal });
    if (exitCode !== 0 && !stdout.trim()) throw jujuError(args, stderr, exitCode);
    return stdout;
  }

  /**
   * One `juju status` per interval for the whole batch, until every named unit has had its
   * agent idle (not allocating or executing) for `settledPasses` consecutive polls. The CLI
   * cannot be told of a change, so the pause starts short (most restarts are quick) and
   * doubles up to `pollMs`.
   */
  async waitForSettled(model: string, units: string[], opts: WaitOptions): Promise<SettleResult> {
    const deadline = Date.now() + opts.timeoutMs;
    const passesNeeded = this.opts.settledPasses ?? 1;
    const longest = this.opts.pollMs ?? 1000;
    let pause = Math.min(50, longest);
    let passes = 0;
    for (;;) {
      const snapshot = parseStatus(await this.juju.json<RawStatus>(['status', '-m', this.target(model), '--format', 'json']));
      const found = units.map((name) => snapshot.applications[name.split('/')[0]]?.units[name]);
      const missing = units.find((_, i) => !found[i]);
      if (missing) throw new GitopsError('unit-not-found', `unit ${JSON.stringify(missing)} not found in model ${model}`);
      // Status has no config; as Juju reports it, every unit runs its application's config.
      const live = found.map((u) => ({ ...u!, applied: { ...u!.applied, options: this.appliedOptions(model, u!.application) } }));
      const settled = live.every((u) => u.agent.current !== 'allocating' && u.agent.current !== 'executing');
      passes = settled ? passes + 1 : 0;
      if (passes >= passesNeeded || Date.now() >= deadline || opts.signal?.aborted) return { settled: passes >= passesNeeded, units: live };
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
      pause = Math.min(pause * 2, longest);
    }
  }

  /** Juju 4.0 removed branches and 3.x hides them behind a flag: generations are not kept on Juju. */
  async setGeneration(model: string, generation: { name: string; applications: Record<string, GenerationChanges> } | null): Promise<void> {
    if (generation === null) return;
    const staged = Object.entries(generation.applications).filter(([, g]) => g.options && Object.keys(g.options).length);
    if (staged.length) {
      throw new GitopsError('juju-no-per-unit-config', `generation ${generation.name} stages config for ${staged.map(([a]) => a).join(', ')}, which cannot be per unit on a Juju controller`, {
        hint: 'change the config for every unit in the bundle; a unit strategy of charm actions moves the units one at a time',
      });
    }
  }

  async close(): Promise<void> {}

  /** The repository recorded as managing the model, from its model config (see model-owner.ts). */
  async readOwner(model: string): Promise<ModelOwner | null> {
    return ownerOfModelConfig(await this.juju.json<RawModelConfig>(['model-config', '-m', this.target(model), '--format', 'json']));
  }

  /** A write read back: Juju has no compare-and-set on model config. */
  claimModel(model: string, owner: ModelOwner | null, opts: { adopt: boolean }): Promise<OwnerClaim> {
    return claimThroughModelConfig(
      {
        read: () => this.readOwner(model),
        write: async (next) => {
          if (!next) await this.juju.run(['model-config', '-m', this.target(model), '--reset', ownerConfigKey]);
          else await this.runCommand({ args: ['model-config', '-m', this.target(model)], file: { flag: '--file', values: { [ownerConfigKey]: ownerConfigValue(next) } } });
        },
      },
      owner,
      opts,
    );
  }

  startMigration(model: string, target: string): Promise<string> {
    return startJujuMigration(this.juju, this.target(model), target);
  }

  migrationProgress(model: string): Promise<MigrationProgress> {
    return jujuMigrationProgress(this.juju, this.target(model));
  }

  private async runCommand(command: JujuCommand): Promise<void> {
    if (!command.file) {
      await this.juju.run(command.args);
      return;
    }
    // Values that must not be on a command line go through a private file, removed after.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-config-'));
    try {
      const file = path.join(dir, 'config.yaml');
      const doc = command.file.application === undefined ? command.file.values : { [command.file.application]: command.file.values };
      fs.writeFileSync(file, toYaml(doc), { mode: 0o600 });
      await this.juju.run([...command.args, command.file.flag, file]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  private appliedOptions(model: string, application: string): Record<string, unknown> {
    const options = this.last.get(model)?.live.applications[application]?.options ?? {};
    return Object.fromEntries(Object.entries(options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
  }

  private configIsLive(live: LiveModel, application: string, set: Record<string, unknown>, unset: string[]): boolean {
    const options = live.applications[application]?.options ?? {};
    return Object.entries(set).every(([k, v]) => options[k]?.source === 'user' && JSON.stringify(options[k].value) === JSON.stringify(v)) && unset.every((k) => options[k]?.source !== 'user');
  }

  private refreshIsLive(live: LiveModel, application: string, to: { charm?: string; channel?: string; revision?: number }): boolean {
    const app = live.applications[application];
    return Boolean(app) && (to.charm === undefined || to.charm === app.charm) && (to.channel === undefined || to.channel === app.channel) && (to.revision === undefined || to.revision === app.revision);
  }

  /** Keeps the cached model true to what was just done, so the next unit does not repeat it. */
  private remember(model: string, change: Change): void {
    const app = 'application' in change ? this.last.get(model)?.live.applications[change.application] : undefined;
    if (!app) return;
    if (change.kind === 'config') {
      for (const [k, v] of Object.entries(change.set)) app.options[k] = { value: v, source: 'user' };
      for (const k of change.unset) delete app.options[k];
    }
    if (change.kind === 'refresh') {
      if (change.to.charm !== undefined) app.charm = change.to.charm;
      if (change.to.channel !== undefined) app.channel = change.to.channel;
      if (change.to.revision !== undefined) app.revision = change.to.revision;
    }
  }
}

/** What a change's commands need from the model as last read, so a stale read is refreshed first. */
function answersFor(change: Change): (known: ReadResult) => boolean {
  switch (change.kind) {
    case 'config':
      return (k) => k.schemas[change.application] !== undefined;
    case 'scale':
      return (k) => Object.keys(k.live.applications[change.application]?.units ?? {}).length === change.from;
    case 'grant':
    case 'revoke':
      return (k) => k.live.offers[change.offer] !== undefined;
    default:
      return () => true;
  }
}

/** The application-level changes that bring an application to what one unit should run. */
function unitChanges(application: string, options: LiveModel['applications'][string]['options'], app: LiveModel['applications'][string], target: UnitTarget): Change[] {
  const base = { classification: 'restart' as const, description: '', requires: [] as string[] };
  const changes: Change[] = [];
  if (target.options) {
    const current = Object.fromEntries(Object.entries(options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
    const set = Object.fromEntries(Object.entries(target.options).filter(([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v)));
    const unset = Object.keys(current).filter((k) => !(k in target.options!));
    if (Object.keys(set).length || unset.length) changes.push({ ...base, id: `config-${application}`, kind: 'config', application, set, unset, from: current });
  }
  if (target.charm !== undefined || target.channel !== undefined || target.revision !== undefined || target.resources !== undefined) {
    changes.push({
      ...base,
      id: `refresh-${application}`,
      kind: 'refresh',
      application,
      to: { ...(target.charm !== undefined ? { charm: target.charm } : {}), ...(target.channel !== undefined ? { channel: target.channel } : {}), ...(target.revision !== undefined ? { revision: target.revision } : {}), ...(target.resources ? { resources: target.resources } : {}) },
      from: { charm: app.charm, ...(app.channel ? { channel: app.channel } : {}), ...(app.revision !== undefined ? { revision: app.revision } : {}) },
    });
  }
  return changes;
}

/** One word for sh, whatever it holds. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
