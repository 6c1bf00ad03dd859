import { GitopsError } from '../../model/errors.js';
import { fromRpcError, type RpcError } from '../../controller/api/rpc.js';

export interface ApiTarget {
  url: string;
  token: string;
  /** The name the caller knows the controller by (offer URLs are written with it). */
  controllerName?: string;
}

/** One authenticated request to the controller API; API errors come back as GitopsError. */
export async function apiRequest<T>(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/json',
        ...(target.controllerName ? { 'x-juju-gitops-controller': target.controllerName } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw new GitopsError('aborted', 'the request to the controller was cancelled', { cause: error });
    throw new GitopsError('controller-unreachable', `cannot reach the controller at ${target.url}: ${causeOf(error)}`, {
      hint: 'check it runs with `juju-gitops controller status`',
      cause: error,
    });
  }
  const text = await response.text();
  let payload: { result?: unknown; error?: RpcError } & Record<string, unknown>;
  try {
    payload = JSON.parse(text) as typeof payload;
  } catch {
    throw new GitopsError('controller-bad-response', `the controller at ${target.url} answered HTTP ${response.status} without JSON`);
  }
  if (payload.error) throw fromRpcError(payload.error);
  if (!response.ok) throw new GitopsError('controller-bad-response', `the controller at ${target.url} answered HTTP ${response.status}`);
  return (path === '/v1/status' ? payload : payload.result) as T;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
