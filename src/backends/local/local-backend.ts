import fs from 'node:fs';
import type { Agent } from '../../controller/agent/agent.js';
import { checkPortsFree } from '../../controller/agent/port-precheck.js';
import type { CharmCatalogue } from '../../controller/charms/catalogue.js';
import { applyChange } from '../../controller/ops/apply-change.js';
import { requireModel, type OpsContext } from '../../controller/ops/context.js';
import { setGeneration } from '../../controller/ops/generation.js';
import { recordEvent } from '../../controller/ops/context.js';
import { SqliteRunStore } from '../../controller/run-store/sqlite-run-store.js';
import { addModel, listModels } from '../../controller/ops/models.js';
import { consumeOffer } from '../../controller/ops/offers.js';
import { exchangeFile, registerExternalController, saasReaching } from '../../controller/ops/peers.js';
import { attachOfferConnections, readModel, readUnits } from '../../controller/ops/read-model.js';
import { moveUnit } from '../../controller/ops/unit-change.js';
import type { Store } from '../../controller/store/store.js';
import { StatusChanges } from '../../controller/status-changes.js';
import { unitCommandPlace } from '../../controller/agent/unit-command.js';
import { GitopsError } from '../../model/errors.js';
import { runShell } from '../run-shell.js';
import { controllerPaths, unitHome } from '../../controller/controller-dir.js';
import { activateModel, deleteModel, importModel, readWorkloadHandles, setMigrationStatus } from '../../controller/ops/transfer.js';
import type { Change } from '../../model/change.js';
import type { ModelExport, WorkloadHandles } from '../../model/export.js';
import type { ModelTransfer, SaasConsumer } from '../transfer.js';
import { embeddedControllerCapabilities } from './capabilities.js';
import type { BackendCapabilities } from '../../model/capabilities.js';
import type { ModelOwnership } from '../ownership.js';
import { claimModel, readOwner } from '../../controller/ops/ownership.js';
import type { ModelOwner, OwnerClaim } from '../../model/owner.js';
import type { GenerationChanges, LiveModel, MigrationStatus } from '../../model/live.js';
import type {
  ExecOptions,
  ExecResult,
  LeaseFence,
  ModelBackend,
  ModelSummary,
  SettleResult,
  UnitTarget,
  WaitOptions,
} from '../backend.js';

export interface LocalBackendOptions {
  store: Store;
  catalogue: CharmCatalogue;
  /** The controller's unit agent; without one, workload units are records that never start. */
  agent?: Agent;
  controllerName?: string;
  now?: () => Date;
  /** The controller's folder, where unit state folders live (for handing units to another controller). */
  dir?: string;
  /** Where status writes are announced; default the agent's (waitForSettled wakes on them). */
  statusChanges?: StatusChanges;
  /** The run store in this controller's store; made from `store` when not given. */
  runs?: SqliteRunStore;
}

/**
 * The embedded controller's model operations behind the ModelBackend interface, in-process.
 * Each change is one store transaction; afterwards the agent is asked to make the unit
 * processes match, and callers wait for that with waitForSettled, as with Juju. The model's
 * lease lives in the same store (`runs`), so a write under a fence is checked against it in
 * the transaction that writes.
 */
export class LocalBackend implements ModelBackend, ModelTransfer, ModelOwnership {
  readonly kind = 'local' as const;
  readonly controllerName: string;
  readonly capabilities: BackendCapabilities;
  private readonly ctx: OpsContext;
  private readonly agent?: Agent;
  private readonly statusChanges: StatusChanges;
  private readonly agentDir?: string;
  /** Leases and journals of this controller's models, in its own store. */
  readonly runs: SqliteRunStore;

  constructor(opts: LocalBackendOptions) {
    this.controllerName = opts.controllerName ?? 'local';
    this.ctx = { store: opts.store, catalogue: opts.catalogue, controllerName: this.controllerName, now: opts.now ?? (() => new Date()), ...(opts.dir ? { dir: opts.dir } : {}) };
    this.runs = opts.runs ?? controllerRunStore(this.ctx);
    this.agent = opts.agent;
    this.statusChanges = opts.statusChanges ?? opts.agent?.statusChanges ?? new StatusChanges();
    this.agentDir = opts.dir;
    // Without a folder there is nowhere to run a unit's command.
    this.capabilities = opts.dir ? embeddedControllerCapabilities : { ...embeddedControllerCapabilities, exec: false };
  }

  /** The same controller seen under another name (offer URLs carry the caller's name for it). */
  named(controllerName: string): LocalBackend {
    if (controllerName === this.controllerName) return this;
    return new LocalBackend({ store: this.ctx.store, catalogue: this.ctx.catalogue, agent: this.agent, controllerName, now: this.ctx.now, statusChanges: this.statusChanges, dir: this.agentDir, runs: this.runs });
  }

  async listModels(): Promise<ModelSummary[]> {
    return listModels(this.ctx);
  }

  async addModel(name: string, opts?: { type?: 'iaas' | 'caas' }): Promise<void> {
    addModel(this.ctx, name, opts?.type);
  }

  async readModel(model: string): Promise<LiveModel> {
    const live = readModel(this.ctx, model);
    attachOfferConnections(this.ctx, live);
    return live;
  }

  async applyChange(model: string, change: Change, fence?: LeaseFence): Promise<void> {
    await checkPortsFree(this.ctx, model, change);
    // Checked after the last await: the fence and the write it guards are one synchronous step.
    this.ctx.store.transaction(() => {
      this.runs.checkFence(model, fence);
      applyChange(this.ctx, model, change);
    });
    this.statusChanges.notify(model);
    void this.agent?.sync(model);
  }

  async applyUnitChange(model: string, unit: string, target: UnitTarget, fence?: LeaseFence): Promise<void> {
    this.ctx.store.transaction(() => {
      const row = requireModel(this.ctx, model);
      this.runs.checkFence(model, fence);
      moveUnit(this.ctx, row, unit, target);
    });
    this.statusChanges.notify(model);
    void this.agent?.sync(model);
  }

  /**
   * Reads the units again only when a status in the model changed: the read and the start of
   * the wait are one synchronous step, so no write falls between them unseen.
   */
  async waitForSettled(model: string, units: string[], opts: WaitOptions): Promise<SettleResult> {
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      const live = readUnits(this.ctx, model, units);
      const settled = live.every((u) => u.agent.current !== 'allocating' && u.agent.current !== 'executing');
      if (settled || Date.now() >= deadline || opts.signal?.aborted) return { settled, units: live };
      await this.statusChanges.next(model, { timeoutMs: deadline - Date.now(), signal: opts.signal });
    }
  }

  /**
   * Runs the command in the unit's folder with its workload's environment (plus `opts.env`),
   * here in the controller's process: over the API, on the controller's machine, which is
   * where the unit runs. Nothing of what it prints is kept by the controller.
   */
  async exec(model: string, unit: string, command: string, opts: ExecOptions): Promise<ExecResult> {
    if (!this.agentDir) {
      throw new GitopsError('exec-unsupported', `controller ${this.controllerName} keeps no unit folders to run a command in`, {
        hint: 'run the check or hook with `runOn: reconciler`, or use a controller started with a folder',
      });
    }
    const place = unitCommandPlace(this.ctx, controllerPaths(this.agentDir), model, unit);
    return runShell(command, { cwd: place.cwd, env: { ...place.env, ...opts.env }, timeoutMs: opts.timeoutMs, signal: opts.signal });
  }

  async setGeneration(model: string, generation: { name: string; applications: Record<string, GenerationChanges> } | null, fence?: LeaseFence): Promise<void> {
    this.ctx.store.transaction(() => {
      const row = requireModel(this.ctx, model);
      this.runs.checkFence(model, fence);
      setGeneration(this.ctx, row, generation);
    });
  }

  async readOwner(model: string): Promise<ModelOwner | null> {
    return readOwner(this.ctx, model);
  }

  async claimModel(model: string, owner: ModelOwner | null, opts: { adopt: boolean }): Promise<OwnerClaim> {
    return claimModel(this.ctx, model, owner, opts);
  }

  async readWorkloadHandles(model: string): Promise<WorkloadHandles> {
    return readWorkloadHandles(this.ctx, model, (unit, row) => (this.agentDir ? unitHome(controllerPaths(this.agentDir), model, unit, row) : row.home ?? ''));
  }

  async importModel(doc: ModelExport, handles?: WorkloadHandles | null): Promise<void> {
    // Over the API an absent hand-over arrives as null.
    importModel(this.ctx, doc, handles ?? undefined);
    if (!handles) void this.agent?.sync(doc.model.name);
  }

  async activateModel(model: string): Promise<void> {
    activateModel(this.ctx, model);
    await this.agent?.sync(model);
  }

  async releaseModel(model: string): Promise<void> {
    await this.agent?.release(model);
  }

  async removeModel(model: string, opts: { keepWorkloads: boolean }): Promise<void> {
    await this.agent?.release(model, { stopUnits: !opts.keepWorkloads });
    deleteModel(this.ctx, model);
    this.statusChanges.notify(model);
    if (this.agentDir) fs.rmSync(exchangeFile(this.agentDir, model), { force: true });
  }

  async setMigrationStatus(model: string, status: MigrationStatus | null): Promise<void> {
    setMigrationStatus(this.ctx, model, status);
    // Relation data held still during the migration catches up now.
    if (!status) await this.agent?.sync(model);
  }

  async controllerDir(): Promise<string | null> {
    return this.agentDir ?? null;
  }

  async linkController(name: string, dir: string): Promise<void> {
    registerExternalController(this.ctx, name, dir);
  }

  async consumersOf(dir: string, model: string): Promise<SaasConsumer[]> {
    return saasReaching(this.ctx, dir, model);
  }

  async repointSaas(model: string, saas: string, url: string): Promise<void> {
    consumeOffer(this.ctx, requireModel(this.ctx, model), saas, url);
    await this.agent?.sync(model);
  }

  async heldModels(): Promise<string[]> {
    return this.ctx.store.all<{ name: string }>('SELECT name FROM models WHERE importing = 1 ORDER BY name').map((r) => r.name);
  }

  /** The store and agent belong to the controller that made this backend; nothing to free here. */
  async close(): Promise<void> {}
}

/** The controller's run store, logging each lease taken or released in its event log. */
function controllerRunStore(ctx: OpsContext): SqliteRunStore {
  return new SqliteRunStore({
    store: ctx.store,
    location: `the controller's store ${ctx.store.path}`,
    now: ctx.now,
    onLease: (model, kind, holder, tookOverFrom) =>
      recordEvent(ctx, model, kind, kind === 'lease-acquired' ? holder.purpose : null, kind === 'lease-acquired' ? {
        host: holder.host, pid: holder.pid, since: holder.since, ...(holder.commit ? { commit: holder.commit } : {}), ...(tookOverFrom ? { tookOverFrom } : {}),
      } : undefined),
  });
}
