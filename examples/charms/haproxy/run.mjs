// The haproxy workload: keeps haproxy.cfg in line with the related units and reloads haproxy
// (master-worker mode, SIGUSR2) when it changes, so connections in flight are not dropped.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backendServers, renderConfig } from './render.mjs';

const binary = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
const stateDir = process.env.JUJU_UNIT_STATE_DIR ?? process.cwd();
const relationsFile = process.env.JUJU_RELATIONS_FILE ?? path.join(stateDir, 'relations.json');
const configFile = path.join(stateDir, 'haproxy.cfg');
const port = Number(process.env.HAPROXY_PORT ?? 8080);
const checkIntervalMs = Number(process.env.CHECK_INTERVAL_MS ?? 200);

if (!fs.existsSync(binary)) {
  console.error(`haproxy is not installed (${binary} not found); install it with: apt-get install -y haproxy`);
  process.exit(127);
}

function readRelations() {
  try {
    return JSON.parse(fs.readFileSync(relationsFile, 'utf8'));
  } catch {
    return { relations: [] };
  }
}

/** Writes the configuration; true when it changed and is valid. */
function render() {
  const text = renderConfig({ port, checkIntervalMs, servers: backendServers(readRelations()) });
  const current = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : '';
  if (text === current) return false;
  const candidate = `${configFile}.new`;
  fs.writeFileSync(candidate, text);
  const check = spawnSync(binary, ['-c', '-q', '-f', candidate], { encoding: 'utf8' });
  if (check.status !== 0) {
    console.error(`haproxy rejected the new configuration, keeping the old one: ${check.stderr.trim()}`);
    return false;
  }
  fs.renameSync(candidate, configFile);
  return true;
}

render();
const haproxy = spawn(binary, ['-W', '-db', '-f', configFile], { stdio: 'inherit' });
console.log(`haproxy on 127.0.0.1:${port} (pid ${haproxy.pid})`);
haproxy.on('exit', (code, signal) => {
  console.error(`haproxy stopped (${signal ?? `exit ${code}`})`);
  process.exit(code ?? 1);
});

process.on('SIGHUP', () => {
  if (render()) {
    console.log('related units changed; reloading haproxy');
    haproxy.kill('SIGUSR2');
  }
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    // Soft stop: haproxy stops listening and lets requests in flight finish.
    haproxy.kill('SIGUSR1');
    setTimeout(() => haproxy.kill('SIGTERM'), 3000).unref();
  });
}
