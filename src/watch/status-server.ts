import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitopsError } from '../model/errors.js';
import { loopback } from './listen.js';
import { metricsContentType, renderMetrics } from './metrics.js';
import { renderStatusMain, renderStatusPage, statusPageSecurityPolicy } from './status-page.js';
import type { StatusSnapshot } from './status-snapshot.js';
import { StatusStream } from './status-stream.js';

export interface StatusServerOptions {
  /** Must be 127.0.0.1: the server has no authentication. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The data behind every route; callers cache it (see `reuseFor`). */
  snapshot: () => Promise<StatusSnapshot>;
  /** What live updates are rendered from: a read that is not cached (default `snapshot`). */
  freshSnapshot?: () => Promise<StatusSnapshot>;
  /** Announces changes worth a live update; returns the unsubscribe. */
  subscribe?: (listener: () => void) => () => void;
  /** Live updates at least this often while a page is open (default 2 s). */
  pushIntervalMs?: number;
  /** Reload period of the page without JavaScript (default 5 s). */
  refreshSeconds?: number;
  /** Told when the status cannot be read for a request or a live update (the page says only that). */
  onError?: (error: unknown) => void;
}

export interface StatusServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Reply = { status: number; type: string; body: string; headers?: Record<string, string> } | 'stream';

const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({ status, type: 'text/plain; charset=utf-8', body: `${body}\n`, headers });

/**
 * Answers GET/HEAD on the routes; anything that could change state gets 405. Requests naming
 * another host are refused, so a web page in the operator's browser cannot read the status
 * through a DNS name that resolves to loopback.
 */
async function route(req: IncomingMessage, opts: StatusServerOptions): Promise<Reply> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'method not allowed: this server is read-only', { Allow: 'GET, HEAD' });
  if (!isLoopbackHost(req.headers.host)) return text(421, 'misdirected request: use http://127.0.0.1/');
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  switch (path) {
    case '/healthz':
      return text(200, 'ok');
    case '/':
      return {
        status: 200,
        type: 'text/html; charset=utf-8',
        body: renderStatusPage(await opts.snapshot(), { refreshSeconds: opts.refreshSeconds ?? 5 }),
        headers: { 'Content-Security-Policy': statusPageSecurityPolicy },
      };
    case '/events':
      return req.method === 'GET' ? 'stream' : { status: 200, type: 'text/event-stream; charset=utf-8', body: '' };
    case '/metrics':
      return { status: 200, type: metricsContentType, body: renderMetrics(await opts.snapshot()) };
    case '/api/status':
      return { status: 200, type: 'application/json; charset=utf-8', body: `${JSON.stringify(await opts.snapshot(), null, 2)}\n` };
    default:
      return text(404, `not found: ${path} (routes: /, /events, /metrics, /api/status, /healthz)`);
  }
}

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

async function answer(req: IncomingMessage, res: ServerResponse, opts: StatusServerOptions, stream: StatusStream): Promise<void> {
  let reply: Reply;
  try {
    reply = await route(req, opts);
  } catch (error) {
    // The page is a window on the watch, never a way to take it down; details go to the watch's log.
    opts.onError?.(error);
    reply = text(500, 'the status could not be read; see the watch output');
  }
  if (reply === 'stream') return stream.add(res);
  res.writeHead(reply.status, {
    'Content-Type': reply.type,
    'Content-Length': Buffer.byteLength(reply.body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

/** Serves the status page, `/metrics`, `/api/status` and `/healthz` on 127.0.0.1. */
export async function startStatusServer(opts: StatusServerOptions): Promise<StatusServer> {
  const host = opts.host ?? loopback;
  if (host !== loopback) throw new GitopsError('listen-not-loopback', `the status server listens on ${loopback} only, not ${host}`);
  const stream = new StatusStream({
    render: async () => renderStatusMain(await (opts.freshSnapshot ?? opts.snapshot)()),
    intervalMs: opts.pushIntervalMs ?? 2000,
    minGapMs: 200,
    onError: opts.onError,
  });
  const unsubscribe = opts.subscribe?.(() => stream.notify());
  const server = createServer((req, res) => void answer(req, res, opts, stream));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new GitopsError('listen-in-use', `port ${opts.port} on ${host} is already in use`, { hint: 'pick another with --listen PORT, or --listen 0 for any free port' })
          : new GitopsError('listen-failed', `cannot listen on ${host}:${opts.port}: ${error.message}`, { cause: error }),
      ),
    );
    server.listen(opts.port, host, () => resolve());
  });
  // An accept failure (too many open files) must not take the watch down with it.
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe?.();
        stream.close();
        server.close(() => resolve());
        // Keep-alive connections (a browser, a scraper) would hold close() open otherwise.
        server.closeAllConnections();
      }),
  };
}
