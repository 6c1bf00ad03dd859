// The site workload: blocked until a database is related, then writes its front page through
// it and reads it back. Its status goes to status.json in the unit's state folder.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const stateDir = process.env.JUJU_UNIT_STATE_DIR ?? process.cwd();
const relationsFile = process.env.JUJU_RELATIONS_FILE ?? path.join(stateDir, 'relations.json');
const port = Number(process.env.LISTEN_PORT ?? 0);
const unit = process.env.JUJU_UNIT_NAME ?? 'site';
const siteName = process.env.SITE_NAME ?? 'My site';

let database; // { url, name, auth } once connected
let attempt = 0;
let retry;

function setStatus(status, message) {
  const file = path.join(stateDir, 'status.json');
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify({ status, message })}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** The database the db relation hands over, or why there is none yet. */
function relatedDatabase() {
  let relations = [];
  try {
    relations = JSON.parse(fs.readFileSync(relationsFile, 'utf8')).relations ?? [];
  } catch {}
  const relation = relations.find((r) => r.endpoint === 'db');
  if (!relation) return { status: 'blocked', message: 'Database required' };
  const provider = relation.units.find((u) => u.port && u.settings.password);
  if (!provider) return { status: 'waiting', message: 'Waiting for database credentials' };
  const { database: name, user, password } = provider.settings;
  return {
    url: `http://${provider.address}:${provider.port}/db/${encodeURIComponent(name)}`,
    name,
    auth: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

async function readPage(db) {
  const response = await fetch(`${db.url}/pages%2FMain`, { headers: { authorization: db.auth } });
  if (!response.ok) throw new Error(`reading the front page: HTTP ${response.status}`);
  return (await response.json()).value;
}

/** Writes the front page through the database and reads it back; active only when both work. */
async function connect() {
  clearTimeout(retry);
  const found = relatedDatabase();
  if (!found.url) {
    database = undefined;
    return setStatus(found.status, found.message);
  }
  const page = `Welcome to ${siteName}, served by ${unit}`;
  setStatus('maintenance', `Connecting to database ${found.name}`);
  try {
    const written = await fetch(`${found.url}/pages%2FMain`, { method: 'PUT', headers: { authorization: found.auth }, body: page });
    if (!written.ok) throw new Error(`writing the front page: HTTP ${written.status}`);
    if ((await readPage(found)) !== page) throw new Error('the front page read back differs from what was written');
    database = found;
    attempt = 0;
    setStatus('active', `Using database ${found.name}`);
  } catch (error) {
    // Credentials may be a moment ahead of the database; try again a few times.
    setStatus('waiting', `Database not reachable yet: ${error.message}`);
    if (attempt++ < 20) retry = setTimeout(connect, Math.min(100 * 2 ** attempt, 2000));
  }
}

const server = http.createServer(async (req, res) => {
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  };
  if (req.url === '/health') return reply(200, { status: 'ok' });
  if (!database) return reply(503, { site: siteName, error: 'no database' });
  try {
    reply(200, { site: siteName, database: database.name, page: await readPage(database) });
  } catch (error) {
    reply(502, { site: siteName, error: error.message });
  }
});

server.listen(port, '127.0.0.1', () => console.log(`${unit}: ${siteName} on 127.0.0.1:${server.address().port}`));
void connect();
process.on('SIGHUP', () => void connect());
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
});
