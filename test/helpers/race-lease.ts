// One racer: takes model `web`'s lease from the run store given (`run-file PATH`: a state-folder
// run file; `git-ref REPO`: the git refs of one clone), and if it got it, journals that it acted.
// Prints "ready", waits for "go" on stdin so every racer starts at once, then prints its outcome
// as one JSON line.
import readline from 'node:readline';
import type { RunStore } from '../../src/backends/run-store.js';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';
import { openRunFile } from '../../src/controller/run-store/open-run-file.js';

const [kind, where, name] = process.argv.slice(2);
const store: RunStore = kind === 'git-ref' ? new GitRefRunStore({ repo: where, controller: 'prod' }) : openRunFile(where);
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
lines.close();
const lease = await store.acquireLease('web', { host: name, pid: process.pid, since: new Date().toISOString(), purpose: 'apply' }, 60_000);
if (lease.acquired) await store.appendJournal('web', [{ runId: name, kind: 'run-start' }], lease.fence);
await store.close();
process.stdout.write(`${JSON.stringify({ name, acquired: lease.acquired })}\n`);
