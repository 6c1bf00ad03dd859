import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedSnapshot } from '../../test/watch/fixed-snapshot.js';
import { GitopsError } from '../model/errors.js';
import { isLoopbackHost, startStatusServer, type StatusServer } from './status-server.js';

function get(port: number, path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the status server', () => {
  let server: StatusServer;
  let failing = false;
  const errors: string[] = [];
  beforeAll(async () => {
    server = await startStatusServer({
      port: 0,
      onError: (error) => errors.push((error as Error).message),
      snapshot: async () => {
        if (failing) throw new Error('store at /secret/path is gone');
        return fixedSnapshot();
      },
    });
  });
  afterAll(() => server.close());

  it.each([
    ['/', 'text/html; charset=utf-8', 'Model web'],
    ['/metrics', 'text/plain; version=0.0.4; charset=utf-8', 'juju_gitops_units_moved_total{model="web"} 1'],
    ['/api/status', 'application/json; charset=utf-8', '"generatedAt"'],
    ['/healthz', 'text/plain; charset=utf-8', 'ok'],
    ['/metrics?name[]=x', 'text/plain; version=0.0.4; charset=utf-8', 'juju_gitops_drift'],
  ])('answers GET %s with %s', async (path, type, fragment) => {
    const res = await get(server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(fragment);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 405: it is read-only', async (method) => {
    const res = await get(server.port, '/', { method });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get(server.port, '/metrics', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body).toBe('');
  });

  it('answers 404 on other paths', async () => {
    expect((await get(server.port, '/admin')).status).toBe(404);
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    expect((await get(server.port, '/api/status', { host: 'evil.example:9797' })).status).toBe(421);
    expect((await get(server.port, '/api/status', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('answers 500 without details when the status cannot be read, tells the watch why, and keeps serving', async () => {
    failing = true;
    const res = await get(server.port, '/');
    failing = false;
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('/secret/path');
    expect(errors).toEqual(['store at /secret/path is gone']);
    expect((await get(server.port, '/healthz')).status).toBe(200);
  });

  it('prints its URL on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'localhost'])('refuses to listen on %s', async (host) => {
    await expect(startStatusServer({ host, port: 0, snapshot: async () => fixedSnapshot() })).rejects.toThrow(GitopsError);
  });

  it('says which port is taken', async () => {
    await expect(startStatusServer({ port: server.port, snapshot: async () => fixedSnapshot() })).rejects.toMatchObject({ code: 'listen-in-use' });
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:9797', true],
    ['localhost:9797', true],
    ['[::1]:9797', true],
    ['127.0.0.1', true],
    ['evil.example', false],
    ['127.0.0.1.evil.example:9797', false],
    ['[::ffff:1.2.3.4]:80', false],
  ])('%s: %s', (host, ok) => {
    expect(isLoopbackHost(host)).toBe(ok);
  });
});
