import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CharmCatalogue } from '../charms/catalogue.js';
import { defaultRestartPolicy, hasManagedUnits, type HealthSpec, type LocalCharm } from '../charms/types.js';
import { controllerPaths, unitHome, type ControllerPaths } from '../controller-dir.js';
import { recordEvent, type OpsContext } from '../ops/context.js';
import type { ModelRow, StoredApplied, UnitRow } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { probeHealth } from './health.js';
import { exitCause } from './exit-cause.js';
import { assignUnitPort, portIsFree } from './ports.js';
import { signalTree, stopProcessTree, type UnitMarker } from './process-tree.js';
import { isAlive, processStartTime, spawnWorkload } from './processes.js';
import { readText, relationSettingsFile } from './relation-files.js';
import { RelationWriter } from './relation-writer.js';
import { decideRestart, gaveUpMessage, restartingMessage } from './restart-backoff.js';
import { SimulatedRestarts } from './simulated-restarts.js';
import { StatusChanges } from '../status-changes.js';
import { fileSize, readWorkloadStatus } from './unit-files.js';
import { buildRunSpec, configuredPort, type RunSpec, type UnitIdentity } from './run-spec.js';

export interface AgentOptions {
  store: Store;
  catalogue: CharmCatalogue;
  dir: string;
  /** How often due health checks are looked for. */
  tickMs?: number;
  /** How often relation data shared with other controllers is read again. */
  peerPollMs?: number;
  /** The controller's log: restarts and give-ups, one line each. */
  log?: (line: string) => void;
}

/** A unit whose workload process this agent runs or has adopted. */
interface Tracked {
  key: string;
  model: ModelRow;
  application: string;
  number: number;
  who: UnitIdentity;
  charm: LocalCharm;
  spec: RunSpec;
  /** The unit's applied state the process runs; status writes are guarded by it. */
  applied: string;
  pid?: number;
  child?: ChildProcess;
  startedAt: number;
  everHealthy: boolean;
  /** When this run was first healthy: a run that stayed healthy long enough restarts its count. */
  healthyAt?: number;
  /** Restarts made in a row for this build; carried from run to run by the supervisor. */
  restarts: number;
  /** The supervisor's pending restart, and whether it is due (the next sync starts the workload again). */
  restartTimer?: NodeJS.Timeout;
  restartDue?: boolean;
  lastStatus?: string;
  nextCheck: number;
  checking: boolean;
  stopping: boolean;
  exited?: string;
  /** Relation data changed before the workload was ready to be told; tell it once healthy. */
  notifyPending?: NodeJS.Signals;
  /** Size of the log when this run started: only what it writes explains its exit. */
  logOffset: number;
  /** The workload's relation-settings.json as last passed on. */
  relationSettings?: string;
}

type UnitWithCharm = UnitRow & { charm_dir: string };

/**
 * The unit agent of the embedded controller. The store says what each unit should run; `sync`
 * makes the processes match (start, restart on a changed run spec, stop removed units, rewrite
 * relation data), and a ticking supervisor polls health. A workload that dies after it was
 * healthy is started again with exponential backoff (`restart-backoff.ts`); one that keeps dying
 * is left in `error`, with the cause from its log.
 * Processes run detached with their pid and kernel start time in the store, so a restarted
 * controller adopts the ones still running instead of starting duplicates.
 */
export class Agent {
  /** Every status this agent writes is announced here, for waitForSettled to wake on. */
  readonly statusChanges = new StatusChanges();
  private readonly store: Store;
  private readonly catalogue: CharmCatalogue;
  private readonly paths: ControllerPaths;
  private readonly tracked = new Map<string, Tracked>();
  private readonly simulated: SimulatedRestarts;
  private readonly queues = new Map<number, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly log: (line: string) => void;
  private closed = false;
  private readonly relations: RelationWriter;

  constructor(opts: AgentOptions) {
    this.store = opts.store;
    this.catalogue = opts.catalogue;
    this.paths = controllerPaths(opts.dir);
    this.relations = new RelationWriter(() => this.ctx(), this.paths, opts.peerPollMs ?? 500);
    this.log = opts.log ?? (() => undefined);
    this.simulated = new SimulatedRestarts(this.store, {
      settled: (model) => this.statusChanges.notify(model),
      resync: (model) => void this.sync(model),
    });
    this.timer = setInterval(() => this.tick(), opts.tickMs ?? 100);
    this.timer.unref();
  }

  /** Converges every model: adopts live processes, starts the missing ones. */
  async start(): Promise<void> {
    for (const model of this.store.all<ModelRow>('SELECT * FROM models')) await this.sync(model.name);
  }

  /** Makes one model's processes match the store; calls for a model run one after another. */
  sync(modelName: string): Promise<void> {
    const model = this.store.get<ModelRow>('SELECT * FROM models WHERE name = ?', modelName);
    // A model still being imported belongs to the controller it comes from until activated.
    if (!model || this.closed || model.importing) return Promise.resolve();
    const previous = this.queues.get(model.id) ?? Promise.resolve();
    const next = previous.then(() => this.syncNow(model)).catch((error: unknown) => this.report(model, error));
    this.queues.set(model.id, next);
    return next;
  }

  /** Stops supervising. With `stopUnits` every workload is stopped; otherwise they keep running for the next controller. */
  async stop(opts: { stopUnits: boolean }): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.simulated.stop();
    this.statusChanges.close();
    await Promise.all(this.queues.values());
    const all = [...this.tracked.values()];
    for (const t of all) clearTimeout(t.restartTimer);
    if (opts.stopUnits) await Promise.all(all.map((t) => this.stopTracked(t, true)));
    else for (const t of all) t.child?.removeAllListeners();
    this.tracked.clear();
  }

  /**
   * Stops supervising one model. Without `stopUnits` its processes and files are left alone:
   * they now belong to the controller the model migrated to. Resolves once no sync of the model
   * is in flight.
   */
  async release(modelName: string, opts: { stopUnits: boolean } = { stopUnits: false }): Promise<void> {
    const model = this.store.get<ModelRow>('SELECT * FROM models WHERE name = ?', modelName);
    if (!model) return;
    await this.queues.get(model.id);
    for (const [key, t] of [...this.tracked]) {
      if (t.model.id !== model.id) continue;
      clearTimeout(t.restartTimer);
      if (opts.stopUnits) await this.stopTracked(t, true);
      t.child?.removeAllListeners();
      this.tracked.delete(key);
    }
    this.simulated.cancel(model.id);
  }

  private async syncNow(model: ModelRow): Promise<void> {
    if (this.closed) return;
    const rows = this.store.all<UnitWithCharm>(
      `SELECT u.*, a.charm_dir FROM units u JOIN applications a ON a.model_id = u.model_id AND a.name = u.application
       WHERE u.model_id = ? AND a.charm_dir IS NOT NULL ORDER BY u.application, u.number`,
      model.id,
    );
    const present = new Set<string>();
    const workloads: { row: UnitWithCharm; charm: LocalCharm }[] = [];
    for (const row of rows) {
      const charm = this.catalogue.cached(row.charm_dir);
      if (!charm || !hasManagedUnits(charm)) continue;
      const key = `${model.id}:${row.application}/${row.number}`;
      present.add(key);
      if (charm.workload?.command) workloads.push({ row, charm });
      else this.simulated.schedule(model, key, row, charm.workload!.restartDelayMs);
    }
    for (const t of [...this.tracked.values()]) {
      if (t.model.id === model.id && !present.has(t.key)) {
        await this.stopTracked(t, true);
        fs.rmSync(t.who.stateDir, { recursive: true, force: true });
      }
    }
    this.simulated.cancel(model.id, present);
    for (const w of workloads) w.row.port = await this.ensurePort(model, w.row, w.charm);
    this.writeRelations(model);
    for (const w of workloads) if (!this.closed) await this.converge(model, w.row, w.charm);
  }

  private async ensurePort(model: ModelRow, row: UnitWithCharm, charm: LocalCharm): Promise<number | null> {
    if (!charm.workload?.portOption) return row.port;
    const configured = configuredPort(charm, JSON.parse(row.applied) as StoredApplied);
    if (configured !== undefined) {
      if (configured !== row.port) {
        this.store.run('UPDATE units SET port = ? WHERE model_id = ? AND application = ? AND number = ?', configured, row.model_id, row.application, row.number);
      }
      return configured;
    }
    // A port the controller chose is only remembered for convenience: if another process took
    // it while the unit was down, the unit gets a new one (a port the user set is an error).
    if (row.port && (this.isRunning(model, row) || (await portIsFree(row.port)))) return row.port;
    return assignUnitPort(this.store, row);
  }

  /** Whether the unit's workload process is running (tracked by this agent or left by the last one). */
  private isRunning(model: ModelRow, row: UnitWithCharm): boolean {
    const t = this.tracked.get(`${model.id}:${row.application}/${row.number}`);
    if (t?.pid && !t.exited) return true;
    return Boolean(row.pid && isAlive(row.pid));
  }

  private async converge(model: ModelRow, row: UnitWithCharm, charm: LocalCharm): Promise<void> {
    const unit = `${row.application}/${row.number}`;
    const key = `${model.id}:${unit}`;
    const stateDir = unitHome(this.paths, model.name, unit, row);
    const who: UnitIdentity = {
      model: model.name,
      unit,
      application: row.application,
      stateDir,
      relationsFile: path.join(stateDir, 'relations.json'),
    };
    const spec = buildRunSpec(charm, JSON.parse(row.applied) as StoredApplied, who, row.port ?? undefined);
    let t = this.tracked.get(key);
    if (!t && row.pid && isAlive(row.pid) && (!row.pid_start || processStartTime(row.pid) === row.pid_start)) {
      t = this.adopt(model, row, charm, who, spec, key);
    }
    // The supervisor's own restart of this very build waits out its backoff, whatever else syncs.
    const scheduled = Boolean(t?.exited && t.restartTimer && t.applied === row.applied && t.spec.hash === spec.hash);
    if (scheduled && !t!.restartDue) return;
    const pending = !scheduled && (row.agent === 'allocating' || row.agent === 'executing');
    if (t?.pid && !t.exited) {
      if (t.spec.hash === spec.hash) {
        t.applied = row.applied;
        if (!pending) return;
        // Asked again for what it already runs: a healthy workload just reports so again,
        // an unhealthy one is restarted (as `juju resolve` retries a unit in error).
        if (t.lastStatus?.startsWith('active|')) {
          t.lastStatus = undefined;
          t.nextCheck = 0;
          return;
        }
      }
      await this.stopTracked(t, false);
    } else if (t?.exited && !pending && t.spec.hash === spec.hash && !t.restartDue) {
      return;
    }
    // A restart the supervisor scheduled keeps counting; anything asked of the unit starts afresh.
    await this.launch(model, row, charm, who, spec, key, scheduled ? t!.restarts : 0);
  }

  private adopt(model: ModelRow, row: UnitWithCharm, charm: LocalCharm, who: UnitIdentity, spec: RunSpec, key: string): Tracked {
    const t: Tracked = {
      key, model, application: row.application, number: row.number, who, charm, applied: row.applied,
      // The hash it was started with: a different current spec restarts it.
      spec: { ...spec, hash: row.run_hash ?? '' },
      pid: row.pid!, startedAt: Date.now(), everHealthy: row.workload === 'active', restarts: 0,
      ...(row.workload === 'active' ? { healthyAt: Date.now() } : {}), logOffset: fileSize(path.join(who.stateDir, 'workload.log')),
      lastStatus: `${row.workload}|${row.workload_message ?? ''}|${row.agent}`, nextCheck: 0, checking: false, stopping: false,
    };
    this.tracked.set(key, t);
    return t;
  }

  private async launch(model: ModelRow, row: UnitWithCharm, charm: LocalCharm, who: UnitIdentity, spec: RunSpec, key: string, restarts: number): Promise<void> {
    clearTimeout(this.tracked.get(key)?.restartTimer);
    const t: Tracked = {
      key, model, application: row.application, number: row.number, who, charm, spec, applied: row.applied, restarts,
      startedAt: Date.now(), everHealthy: false, nextCheck: Date.now() + 50, checking: false, stopping: false,
      logOffset: fileSize(path.join(who.stateDir, 'workload.log')),
    };
    this.tracked.set(key, t);
    if (spec.port && !(await portIsFree(spec.port))) {
      t.exited = `port ${spec.port} is in use by another process`;
      this.writeStatus(t, 'error', t.exited, 'idle', { pid: null });
      return;
    }
    const logFile = path.join(who.stateDir, 'workload.log');
    const child = spawnWorkload({ command: spec.command, args: spec.args, env: spec.env, cwd: who.stateDir, logFile });
    t.child = child;
    t.pid = child.pid;
    child.once('error', (error) => this.onExit(t, null, null, error.message));
    child.once('exit', (code, signal) => this.onExit(t, code, signal));
    if (!child.pid) return;
    this.writeStatus(t, 'maintenance', 'starting workload', 'executing', { pid: child.pid, pidStart: processStartTime(child.pid) ?? null });
  }

  private onExit(t: Tracked, code: number | null, signal: NodeJS.Signals | null, error?: string): void {
    if (t.stopping || t.exited || this.tracked.get(t.key) !== t) return;
    // The main process is gone; whatever it started goes with it, even what left its group.
    signalTree(t.pid, this.marker(t), 'SIGKILL');
    const reason = error
      ? `workload failed to start: ${error}`
      : code !== null
        ? `workload exited with code ${code}`
        : signal
          ? `workload killed by ${signal}`
          : 'workload exited (exit status unknown: it was adopted after a controller restart)';
    // A signal explains itself; what the workload printed last only helps when it exited by itself.
    const last = code ? exitCause(path.join(t.who.stateDir, 'workload.log'), t.logOffset) : undefined;
    const cause = last ? `${reason}: ${last}` : reason;
    t.pid = undefined;
    const policy = t.charm.workload?.restart ?? defaultRestartPolicy;
    const decision = decideRestart(policy, t, Date.now());
    if (decision.restart && !this.closed) {
      t.exited = restartingMessage(cause, decision, policy);
      t.restarts = decision.attempt;
      t.restartTimer = setTimeout(() => {
        t.restartDue = true;
        void this.sync(t.model.name);
      }, decision.delayMs);
      t.restartTimer.unref();
      this.writeStatus(t, 'maintenance', t.exited, 'executing', { pid: null });
      recordEvent(this.ctx(), t.model.name, 'workload-restart', t.who.unit, { cause, attempt: decision.attempt, attempts: policy.attempts, delayMs: decision.delayMs });
      this.log(`${t.model.name}: ${t.who.unit}: ${t.exited}`);
      return;
    }
    t.exited = decision.restart ? cause : gaveUpMessage(cause, decision.gaveUpAfter);
    this.writeStatus(t, 'error', t.exited, 'idle', { pid: null });
    if (!decision.restart && decision.gaveUpAfter) {
      recordEvent(this.ctx(), t.model.name, 'workload-gave-up', t.who.unit, { cause, restarts: decision.gaveUpAfter });
      this.log(`${t.model.name}: ${t.who.unit}: ${t.exited}; left in error`);
    }
  }

  private async stopTracked(t: Tracked, forget: boolean): Promise<void> {
    t.stopping = true;
    clearTimeout(t.restartTimer);
    await stopProcessTree(t.pid, this.marker(t), t.charm.workload?.stopGraceMs ?? 5_000);
    t.child?.removeAllListeners();
    if (forget || this.tracked.get(t.key) === t) this.tracked.delete(t.key);
    this.store.run(
      'UPDATE units SET pid = NULL WHERE model_id = ? AND application = ? AND number = ? AND pid = ?',
      t.model.id, t.application, t.number, t.pid ?? -1,
    );
  }

  private marker(t: Tracked): UnitMarker {
    return { stateDir: t.who.stateDir, model: t.model.name, unit: t.who.unit };
  }

  /** Rewrites the relation data of the model and of the models linked to it, and tells each unit whose data changed. */
  private writeRelations(model: ModelRow): void {
    for (const { model: m, changed } of this.relations.write(model)) this.notifyAll(m, changed);
  }

  private notifyAll(model: ModelRow, changed: { unit: string; signal?: NodeJS.Signals }[]): void {
    for (const c of changed) {
      const t = this.tracked.get(`${model.id}:${c.unit}`);
      if (c.signal && t) this.notify(t, c.signal);
    }
  }

  /** After a workload changed what it sets for its relations: rewrite the data, in turn with the model's syncs. */
  private refreshRelations(model: ModelRow): void {
    if (this.closed || model.importing) return;
    const previous = this.queues.get(model.id) ?? Promise.resolve();
    const next = previous.then(() => this.writeRelations(model)).catch((error: unknown) => this.report(model, error));
    this.queues.set(model.id, next);
  }

  /**
   * Tells a workload its relation data changed. A process that has not yet been healthy may not
   * have installed its signal handler (and would die of the signal), so it is told once healthy.
   */
  private notify(t: Tracked, signal: NodeJS.Signals): void {
    if (!t.pid || t.exited || t.stopping) return;
    if (!t.everHealthy) {
      t.notifyPending = signal;
      return;
    }
    // Only the workload's main process is told; whatever it runs below it is its own business.
    try {
      process.kill(t.pid, signal);
    } catch {
      // It has just exited; the supervisor reports that.
    }
  }

  /**
   * A healthy workload is active unless it says otherwise in status.json (as a charm calls
   * status-set: blocked until related, waiting for data). What it sets for its relations in
   * relation-settings.json is passed on to the related units when it changes.
   */
  private markHealthy(t: Tracked): void {
    t.everHealthy = true;
    t.healthyAt ??= Date.now();
    const declared = readWorkloadStatus(path.join(t.who.stateDir, 'status.json'));
    this.writeStatus(t, declared?.status ?? 'active', declared?.message ?? null, 'idle');
    const settings = readText(path.join(t.who.stateDir, relationSettingsFile)) ?? '';
    if (settings !== (t.relationSettings ?? '')) this.refreshRelations(t.model);
    t.relationSettings = settings;
    const pending = t.notifyPending;
    t.notifyPending = undefined;
    if (pending) this.notify(t, pending);
  }

  /** Starts the health probes that are due; each unit is probed on its own, never two at once. */
  private tick(): void {
    const now = Date.now();
    for (const model of this.relations.dueForPoll(now)) this.refreshRelations(model);
    for (const t of this.tracked.values()) {
      if (t.exited || t.stopping || t.checking || !t.pid || now < t.nextCheck) continue;
      if (!t.child && !isAlive(t.pid)) {
        this.onExit(t, null, null);
        continue;
      }
      const health = t.charm.workload?.health;
      t.nextCheck = now + (health?.intervalMs ?? 250);
      if (!health) this.markHealthy(t);
      else void this.probe(t, health);
    }
  }

  private async probe(t: Tracked, health: HealthSpec): Promise<void> {
    t.checking = true;
    const result = await probeHealth(health, { port: t.spec.port, env: t.spec.env, cwd: t.who.stateDir });
    t.checking = false;
    if (t.exited || t.stopping || this.closed || this.tracked.get(t.key) !== t) return;
    if (result.ok) this.markHealthy(t);
    else if (t.everHealthy) this.writeStatus(t, 'blocked', `health check failing: ${result.detail}`, 'idle');
    else if (Date.now() - t.startedAt > health.startupTimeoutMs) {
      this.writeStatus(t, 'error', `not healthy ${Math.round(health.startupTimeoutMs / 1000)}s after starting: ${result.detail}`, 'idle');
    }
  }

  /**
   * Records a unit's status, unless the unit has been given something new to run since this
   * process started (then the status would describe the old run, and the next sync restarts it).
   */
  private writeStatus(t: Tracked, workload: string, message: string | null, agent: string, proc?: { pid: number | null; pidStart?: string | null }): void {
    const summary = `${workload}|${message ?? ''}|${agent}`;
    if (summary === t.lastStatus && !proc) return;
    const now = new Date().toISOString();
    const result = this.store.run(
      `UPDATE units SET workload = ?, workload_message = ?, workload_since = CASE WHEN workload = ? AND workload_message IS ? THEN workload_since ELSE ? END,
         agent = ?, agent_since = CASE WHEN agent = ? THEN agent_since ELSE ? END,
         pid = CASE WHEN ? THEN ? ELSE pid END, pid_start = CASE WHEN ? THEN ? ELSE pid_start END, run_hash = ?
       WHERE model_id = ? AND application = ? AND number = ? AND applied = ?`,
      workload, message, workload, message, now, agent, agent, now,
      proc ? 1 : 0, proc?.pid ?? null, proc?.pidStart !== undefined ? 1 : 0, proc?.pidStart ?? null, t.spec.hash,
      t.model.id, t.application, t.number, t.applied,
    );
    if (result.changes) {
      t.lastStatus = summary;
      recordEvent(this.ctx(), t.model.name, 'unit-status', t.who.unit, { workload, message, agent });
      this.statusChanges.notify(t.model.name);
    }
  }

  private ctx(): OpsContext {
    return { store: this.store, catalogue: this.catalogue, controllerName: 'local', now: () => new Date(), dir: this.paths.dir };
  }

  private report(model: ModelRow, error: unknown): void {
    try {
      recordEvent(this.ctx(), model.name, 'agent-error', null, { message: error instanceof Error ? error.message : String(error) });
    } catch {
      // The store is closing; nothing more to record.
    }
  }
}
