import type { ModelBackend } from '../../backend.js';
import type { RunStore } from '../../run-store.js';
import type { ModelTransfer } from '../../transfer.js';
import type { ModelOwnership } from '../../ownership.js';
import { diskFullError, GitopsError } from '../../../model/errors.js';

/** The ModelBackend methods the API serves, with how many positional parameters each takes. */
const backendMethods = {
  listModels: 0,
  addModel: 2,
  readModel: 1,
  applyChange: 3,
  applyUnitChange: 4,
  waitForSettled: 3,
  exec: 4,
  setGeneration: 3,
  readWorkloadHandles: 1,
  importModel: 2,
  activateModel: 1,
  releaseModel: 1,
  removeModel: 2,
  heldModels: 0,
  setMigrationStatus: 2,
  readOwner: 1,
  claimModel: 3,
  controllerDir: 0,
  linkController: 2,
  consumersOf: 2,
  repointSaas: 3,
} as const;

/** The RunStore methods the API serves: the controller's run store, in the same store. */
const runStoreMethods = {
  acquireLease: 3,
  renewLease: 3,
  releaseLease: 2,
  appendJournal: 3,
  readJournal: 2,
} as const;

export const rpcMethods = { ...backendMethods, ...runStoreMethods };

export type RpcMethod = keyof typeof rpcMethods;

/**
 * Methods that wait (a long poll, a command on a unit) and the position of their options
 * parameter: the server hands them an AbortSignal there, which fires when the client goes away.
 */
const waiting: Partial<Record<RpcMethod, number>> = { waitForSettled: 2, exec: 3 };

export interface RpcRequest {
  method: string;
  params?: unknown[];
}

export type RpcResponse = { result: unknown } | { error: RpcError };

export interface RpcError {
  code: string;
  message: string;
  hint?: string;
  diagnostics?: GitopsError['diagnostics'];
  exitCode?: number;
}

export async function dispatchRpc(targets: { backend: ModelBackend & ModelTransfer & ModelOwnership; runs: RunStore }, request: RpcRequest, signal?: AbortSignal): Promise<unknown> {
  if (!Object.hasOwn(rpcMethods, request.method)) {
    throw new GitopsError('rpc-method-unknown', `the controller API has no method ${JSON.stringify(request.method)}`);
  }
  const method = request.method as RpcMethod;
  const params = Array.isArray(request.params) ? request.params.slice(0, rpcMethods[method]) : [];
  const at = waiting[method];
  if (at !== undefined && signal) params[at] = { ...(params[at] as object | undefined), signal };
  const target = Object.hasOwn(runStoreMethods, method) ? targets.runs : targets.backend;
  const call = (target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
  return call.apply(target, params);
}

export function toRpcError(thrown: unknown): RpcError {
  const error = diskFullError(thrown) ?? thrown;
  if (error instanceof GitopsError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.diagnostics.length ? { diagnostics: error.diagnostics } : {}),
      exitCode: error.exitCode,
    };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function fromRpcError(error: RpcError): GitopsError {
  return new GitopsError(error.code, error.message, { hint: error.hint, diagnostics: error.diagnostics, exitCode: error.exitCode });
}
