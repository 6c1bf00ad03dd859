// Renders haproxy.cfg from the unit's relation data (relations.json written by the controller).

/** Servers of every unit related on the backend endpoint that has a port. */
export function backendServers(relations) {
  const servers = [];
  for (const relation of relations?.relations ?? []) {
    if (relation.endpoint !== 'backend') continue;
    for (const unit of relation.units) {
      if (unit.port) servers.push({ name: unit.unit.replace('/', '-'), address: unit.address, port: unit.port });
    }
  }
  return servers.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

export function renderConfig({ port, checkIntervalMs, servers }) {
  const lines = [
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 1s',
    // A request that fails on one server (refused, closed, 5xx) is retried on another.
    '  retries 3',
    '  option redispatch 1',
    '  retry-on all-retryable-errors',
    '',
    'frontend web',
    `  bind 127.0.0.1:${port}`,
    '  monitor-uri /haproxy-health',
    '  default_backend app',
    '',
    'backend app',
    '  balance roundrobin',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    `  default-server inter ${checkIntervalMs}ms fall 1 rise 1`,
    ...servers.map((s) => `  server ${s.name} ${s.address}:${s.port} check`),
  ];
  return `${lines.join('\n')}\n`;
}
