import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalBackend } from '../local-backend.js';
import type { ModelSummary } from '../../backend.js';
import { GitopsError } from '../../../model/errors.js';
import { dispatchRpc, toRpcError, type RpcRequest } from './rpc.js';
import { tokenMatches } from '../../../controller/token.js';

export interface ControllerStatus {
  address: string;
  pid: number;
  started: string;
  uptimeSeconds: number;
  store: string;
  dir: string;
  models: ModelSummary[];
}

export interface ApiServerOptions {
  token: string;
  backend: LocalBackend;
  status: () => Promise<ControllerStatus>;
  /** Called after the shutdown request has been answered. */
  onShutdown: (opts: { stopUnits: boolean }) => void;
  port?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  /** Requests received since the server started (the rollout bench holds them to a budget per unit). */
  readonly requests: number;
  close(): Promise<void>;
}

/** Largest request body accepted: a whole bundle's deploy changes fit with room to spare. */
const maxBody = 32 * 1024 * 1024;

/**
 * The controller's HTTP API, on 127.0.0.1 only. Every request must carry the bearer token;
 * without it the answer is 401 and nothing runs. `POST /v1/rpc` calls a ModelBackend method or
 * one of the controller's run store (`{method, params}` → `{result}` or `{error}`), `GET /v1/status` describes the controller,
 * `POST /v1/shutdown` stops it.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    void handle(req, res, opts).catch((error: unknown) => send(res, error instanceof GitopsError ? 400 : 500, { error: toRpcError(error) }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new GitopsError('port-in-use', `port ${opts.port} on 127.0.0.1 is already in use`, { hint: 'choose another --port, or 0 for a free one' }) : error),
    );
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1' }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The token of an `Authorization: Bearer …` header; the scheme is case-insensitive (RFC 7235). */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, opts: ApiServerOptions): Promise<void> {
  // Both refusals are decided from the headers alone: the body of a request that will be
  // refused is never read, and the connection is closed rather than drained.
  if (!tokenMatches(opts.token, bearerToken(req.headers.authorization))) {
    return refuse(req, res, 401, { code: 'unauthorized', message: 'a valid bearer token is required' }, { 'www-authenticate': 'Bearer' });
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBody) return refuse(req, res, 413, tooLarge);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/v1/status') return send(res, 200, await opts.status());
  if (req.method === 'POST' && url.pathname === '/v1/rpc') {
    const request = (await readJson(req, res)) as RpcRequest | undefined;
    if (request === undefined) return;
    const name = req.headers['x-juju-gitops-controller'];
    const backend = typeof name === 'string' && name ? opts.backend.named(name) : opts.backend;
    // A long poll (waitForSettled) stops waiting when its client goes away.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    try {
      return send(res, 200, { result: (await dispatchRpc({ backend, runs: opts.backend.runs }, request, gone.signal)) ?? null });
    } catch (error) {
      return send(res, error instanceof GitopsError ? 400 : 500, { error: toRpcError(error) });
    } finally {
      res.off('close', onClose);
    }
  }
  if (req.method === 'POST' && url.pathname === '/v1/shutdown') {
    const body = (await readJson(req, res)) as { stopUnits?: boolean } | undefined;
    if (body === undefined) return;
    send(res, 200, { result: 'stopping' });
    res.once('finish', () => opts.onShutdown({ stopUnits: body.stopUnits !== false }));
    return;
  }
  req.resume();
  send(res, 404, { error: { code: 'not-found', message: `no such API path ${req.method} ${url.pathname}` } });
}

const tooLarge = { code: 'request-too-large', message: `request body over ${maxBody} bytes` };

/** Answers with an error status and closes the connection without reading the rest of the body. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, code: number, error: { code: string; message: string }, headers: Record<string, string> = {}): void {
  send(res, code, { error }, { connection: 'close', ...headers });
  res.once('finish', () => req.socket.destroySoon());
}

/** The request body as JSON; undefined when it grew over the limit and a 413 was sent instead. */
async function readJson(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
  const body = await new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      refuse(req, res, 413, tooLarge);
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
  if (body === undefined) return undefined;
  const text = body.toString('utf8');
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw new GitopsError('request-invalid', 'the request body is not JSON');
  }
}

function send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
