// The appserver workload: reports its build label at / and its health at /health.
import http from 'node:http';

const label = process.env.BUILD_LABEL ?? 'v1';
const port = Number(process.env.LISTEN_PORT ?? 0);
const unit = process.env.JUJU_UNIT_NAME ?? 'appserver';
const startupDelay = Number(process.env.STARTUP_DELAY_MS ?? 0);
// Time to fail health checks before closing, so a load balancer stops sending requests first.
const drainMs = Number(process.env.DRAIN_MS ?? 250);

if (/bad/i.test(label)) {
  console.error(`refusing to start: build label ${label} is marked bad`);
  process.exit(1);
}

let draining = false;
const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    const healthy = !draining && !/unhealthy/i.test(label);
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', build_label: label }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify({ unit, build_label: label })}\n`);
});
server.keepAliveTimeout = 2000;

setTimeout(() => {
  server.listen(port, '127.0.0.1', () => console.log(`${unit} serving build ${label} on 127.0.0.1:${server.address().port}`));
}, startupDelay);

process.on('SIGTERM', () => {
  draining = true;
  setTimeout(() => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  }, drainMs);
});
process.on('SIGHUP', () => {});
