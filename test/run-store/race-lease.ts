// One racer: takes model `web`'s lease in the state-folder file given, and if it got it,
// journals that it acted. Prints "ready", waits for "go" on stdin so every racer starts at
// once, then prints its outcome as one JSON line.
import readline from 'node:readline';
import { openRunFile } from '../../src/controller/run-store/open-run-file.js';

const [file, name] = process.argv.slice(2);
const runs = openRunFile(file);
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
lines.close();
const lease = await runs.acquireLease('web', { host: name, pid: process.pid, since: new Date().toISOString(), purpose: 'apply' }, 60_000);
if (lease.acquired) await runs.appendJournal('web', [{ runId: name, kind: 'run-start' }], lease.fence);
await runs.close();
process.stdout.write(`${JSON.stringify({ name, acquired: lease.acquired })}\n`);
