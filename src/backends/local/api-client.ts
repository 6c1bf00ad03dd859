import { GitopsError } from '../../model/errors.js';
import { fromRpcError, type RpcError } from './api/rpc.js';

export interface ApiTarget {
  url: string;
  token: string;
  /** The name the caller knows the controller by (offer URLs are written with it). */
  controllerName?: string;
}

/**
 * Errors that mean the request went out on a keep-alive socket the controller had already closed
 * (after the client was paused past the server's idle timeout, say): the controller never saw
 * it, and the same call on a new connection succeeds.
 */
const staleSocket = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);
const staleRetries = 2;

export interface RequestOptions {
  signal?: AbortSignal;
  /** The call can be repeated without changing its outcome, so a stale socket is retried. */
  idempotent?: boolean;
}

/** One authenticated request to the controller API; API errors come back as GitopsError. */
export async function apiRequest<T>(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  opts: RequestOptions | AbortSignal = {},
): Promise<T> {
  const { signal, idempotent = method === 'GET' } = opts instanceof AbortSignal ? { signal: opts } : opts;
  let response: Response;
  let text: string;
  for (let attempt = 0; ; attempt++) {
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
      text = await response.text();
      break;
    } catch (error) {
      if (signal?.aborted) throw new GitopsError('aborted', 'the request to the controller was cancelled', { cause: error });
      if (idempotent && attempt < staleRetries && staleSocket.has(causeOf(error))) continue;
      throw new GitopsError('controller-unreachable', `cannot reach the controller at ${target.url}: ${causeOf(error)}`, {
        hint: 'check it runs with `juju-gitops controller status`',
        cause: error,
      });
    }
  }
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
