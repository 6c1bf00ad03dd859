import type { Change } from '../../model/change.js';
import type { ModelExport, WorkloadHandles } from '../../model/export.js';
import type { ModelTransfer, SaasConsumer } from '../transfer.js';
import { embeddedControllerCapabilities } from './capabilities.js';
import type { ModelOwnership } from '../ownership.js';
import type { ModelOwner, OwnerClaim } from '../../model/owner.js';
import type { GenerationChanges, LiveModel, MigrationStatus } from '../../model/live.js';
import type { RpcMethod } from './api/rpc.js';
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
import { apiRequest, type ApiTarget } from './api-client.js';
import { HttpRunStore } from './http-run-store.js';

/**
 * Calls whose repetition changes nothing: reads, and writes that set a state rather than add to
 * one (a unit moved twice to one target is moved once). Only these are retried on a stale socket.
 */
const idempotentMethods = new Set<RpcMethod>(['listModels', 'readModel', 'waitForSettled', 'applyUnitChange', 'setGeneration', 'readOwner']);

/** The longest one waitForSettled request waits (undici gives up on headers after 300 s). */
const longPollMs = 60_000;
/** The longest one command on a unit runs through the API before it is stopped as timed out. */
export const longestExecMs = 240_000;

/** The embedded controller reached over its HTTP API: what the CLI uses against the daemon. */
export class HttpBackend implements ModelBackend, ModelTransfer, ModelOwnership {
  readonly kind = 'local' as const;
  readonly controllerName: string;
  readonly capabilities = embeddedControllerCapabilities;
  private readonly target: ApiTarget;

  constructor(opts: { url: string; token: string; controllerName?: string }) {
    this.controllerName = opts.controllerName ?? 'local';
    this.target = { url: opts.url, token: opts.token, controllerName: this.controllerName };
  }

  /** The controller's run store, over the same API. */
  runStore(): HttpRunStore {
    return new HttpRunStore(this.target);
  }

  private call<T>(method: RpcMethod, params: unknown[], signal?: AbortSignal): Promise<T> {
    return apiRequest<T>(this.target, 'POST', '/v1/rpc', { method, params }, { signal, idempotent: idempotentMethods.has(method) });
  }

  listModels(): Promise<ModelSummary[]> {
    return this.call('listModels', []);
  }

  addModel(name: string, opts?: { type?: 'iaas' | 'caas' }): Promise<void> {
    return this.call('addModel', [name, opts ?? {}]);
  }

  readModel(model: string): Promise<LiveModel> {
    return this.call('readModel', [model]);
  }

  applyChange(model: string, change: Change, fence?: LeaseFence): Promise<void> {
    return this.call('applyChange', [model, change, fence]);
  }

  applyUnitChange(model: string, unit: string, target: UnitTarget, fence?: LeaseFence): Promise<void> {
    return this.call('applyUnitChange', [model, unit, target, fence]);
  }

  /**
   * A long poll: the controller answers when the units settle (it wakes on its own status
   * writes) or the timeout passes. Long waits are asked in parts, each well within what an
   * HTTP client waits for an answer's headers.
   */
  async waitForSettled(model: string, units: string[], opts: WaitOptions): Promise<SettleResult> {
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      const timeoutMs = Math.min(longPollMs, Math.max(0, deadline - Date.now()));
      const result = await this.call<SettleResult>('waitForSettled', [model, units, { timeoutMs }], opts.signal);
      if (result.settled || Date.now() >= deadline || opts.signal?.aborted) return result;
    }
  }

  /**
   * Runs on the controller, which runs the unit. Not retried: a command may not be safe to
   * run twice. One attempt lasts at most `longestExecMs`, within what an HTTP client waits.
   */
  exec(model: string, unit: string, command: string, opts: ExecOptions): Promise<ExecResult> {
    const timeoutMs = Math.min(opts.timeoutMs, longestExecMs);
    return this.call('exec', [model, unit, command, { timeoutMs, ...(opts.env ? { env: opts.env } : {}) }], opts.signal);
  }

  setGeneration(model: string, generation: { name: string; applications: Record<string, GenerationChanges> } | null, fence?: LeaseFence): Promise<void> {
    return this.call('setGeneration', [model, generation, fence]);
  }

  readOwner(model: string): Promise<ModelOwner | null> {
    return this.call('readOwner', [model]);
  }

  claimModel(model: string, owner: ModelOwner | null, opts: { adopt: boolean }): Promise<OwnerClaim> {
    return this.call('claimModel', [model, owner, opts]);
  }

  readWorkloadHandles(model: string): Promise<WorkloadHandles> {
    return this.call('readWorkloadHandles', [model]);
  }

  importModel(doc: ModelExport, handles?: WorkloadHandles): Promise<void> {
    return this.call('importModel', [doc, handles ?? null]);
  }

  activateModel(model: string): Promise<void> {
    return this.call('activateModel', [model]);
  }

  releaseModel(model: string): Promise<void> {
    return this.call('releaseModel', [model]);
  }

  removeModel(model: string, opts: { keepWorkloads: boolean }): Promise<void> {
    return this.call('removeModel', [model, opts]);
  }

  setMigrationStatus(model: string, status: MigrationStatus | null): Promise<void> {
    return this.call('setMigrationStatus', [model, status]);
  }

  heldModels(): Promise<string[]> {
    return this.call('heldModels', []);
  }

  controllerDir(): Promise<string | null> {
    return this.call('controllerDir', []);
  }

  linkController(name: string, dir: string): Promise<void> {
    return this.call('linkController', [name, dir]);
  }

  consumersOf(dir: string, model: string): Promise<SaasConsumer[]> {
    return this.call('consumersOf', [dir, model]);
  }

  repointSaas(model: string, saas: string, url: string): Promise<void> {
    return this.call('repointSaas', [model, saas, url]);
  }

  /** Requests are independent; there is no connection to close. */
  async close(): Promise<void> {}
}
