import { describe, expect, it } from 'vitest';
// @ts-expect-error The charm's own helper is plain JavaScript without type declarations.
import { backendServers, renderConfig } from '../../examples/charms/haproxy/render.mjs';

describe('the haproxy charm configuration', () => {
  const relations = {
    unit: 'haproxy/0',
    relations: [
      { endpoint: 'backend', units: [{ unit: 'appserver/10', address: '127.0.0.1', port: 41010 }, { unit: 'appserver/2', address: '127.0.0.1', port: 41002 }, { unit: 'appserver/3', address: '127.0.0.1' }] },
      { endpoint: 'other', units: [{ unit: 'x/0', address: '127.0.0.1', port: 1 }] },
    ],
  };

  it('lists the backend units that have a port, in unit order', () => {
    expect(backendServers(relations)).toEqual([
      { name: 'appserver-2', address: '127.0.0.1', port: 41002 },
      { name: 'appserver-10', address: '127.0.0.1', port: 41010 },
    ]);
  });

  it('health-checks every server and retries failed requests elsewhere', () => {
    const text: string = renderConfig({ port: 8080, checkIntervalMs: 200, servers: backendServers(relations) });
    expect(text).toContain('  bind 127.0.0.1:8080\n');
    expect(text).toContain('  option httpchk GET /health\n');
    expect(text).toContain('  option redispatch 1\n  retry-on all-retryable-errors\n');
    expect(text).toContain('  retries 3\n');
    expect(text).toMatch(/server appserver-2 127\.0\.0\.1:41002 check\n {2}server appserver-10 127\.0\.0\.1:41010 check\n$/);
  });
});
