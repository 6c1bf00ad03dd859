// The kvdb workload: one database per related application, each with its own credentials,
// handed over in relation-settings.json; data kept in kvdb.json in the unit's state folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const stateDir = process.env.JUJU_UNIT_STATE_DIR ?? process.cwd();
const relationsFile = process.env.JUJU_RELATIONS_FILE ?? path.join(stateDir, 'relations.json');
const dataFile = path.join(stateDir, 'kvdb.json');
const port = Number(process.env.LISTEN_PORT ?? 0);
const unit = process.env.JUJU_UNIT_NAME ?? 'kvdb';

const readJson = (file, fallback) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
};
const writeJson = (file, value) => {
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
};

const store = readJson(dataFile, { databases: {} });

/** A database for every application related on db; its credentials go back through the relation. */
function syncRelations() {
  const relations = readJson(relationsFile, { relations: [] }).relations ?? [];
  const settings = {};
  let created = false;
  for (const relation of relations) {
    if (relation.endpoint !== 'db') continue;
    const name = relation['remote-application'];
    if (!store.databases[name]) {
      store.databases[name] = { user: `u${crypto.randomBytes(4).toString('hex')}`, password: crypto.randomBytes(18).toString('base64url'), data: {} };
      created = true;
      console.log(`${unit}: created database ${name} for ${relation['remote-model'] ? `model ${relation['remote-model']}` : 'this model'}`);
    }
    const db = store.databases[name];
    settings[name] = { database: name, user: db.user, password: db.password };
  }
  if (created) writeJson(dataFile, store);
  writeJson(path.join(stateDir, 'relation-settings.json'), settings);
}

function authorised(req, db) {
  const header = req.headers.authorization ?? '';
  const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString().split(':');
  return user === db.user && password === db.password;
}

const server = http.createServer((req, res) => {
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  };
  if (req.url === '/health') return reply(200, { status: 'ok' });
  // Names only: credentials never leave through anything but the relation.
  if (req.url === '/databases') return reply(200, { databases: Object.keys(store.databases).sort() });
  const match = /^\/db\/([^/]+)\/(.+)$/.exec(req.url ?? '');
  const db = match && store.databases[decodeURIComponent(match[1])];
  if (!db) return reply(404, { error: 'no such database' });
  if (!authorised(req, db)) return reply(401, { error: 'wrong user or password' });
  const key = decodeURIComponent(match[2]);
  if (req.method === 'GET') return key in db.data ? reply(200, { key, value: db.data[key] }) : reply(404, { error: 'no such key' });
  if (req.method !== 'PUT') return reply(405, { error: 'GET or PUT' });
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 65536) req.destroy();
  });
  req.on('end', () => {
    db.data[key] = body;
    writeJson(dataFile, store);
    reply(200, { key });
  });
});

syncRelations();
server.listen(port, '127.0.0.1', () => console.log(`${unit}: kvdb on 127.0.0.1:${server.address().port}`));
process.on('SIGHUP', syncRelations);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
});
