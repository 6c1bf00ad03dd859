// One racer: takes the model's lease from its own clone, and if it got it, journals that it
// acted. Prints "ready", waits for "go" on stdin so every racer starts at once, then prints
// its outcome as one JSON line.
import readline from 'node:readline';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';

const [repo, name] = process.argv.slice(2);
const store = new GitRefRunStore({ repo, controller: 'prod' });
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
lines.close();
const lease = await store.acquireLease('web', { host: name, pid: process.pid, since: new Date().toISOString(), purpose: 'apply' }, 60_000);
if (lease.acquired) await store.appendJournal('web', [{ runId: name, kind: 'run-start' }], lease.fence);
process.stdout.write(`${JSON.stringify({ name, acquired: lease.acquired })}\n`);
