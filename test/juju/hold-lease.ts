// A run that takes model `web`'s lease from its own clone, as `apply` does (this host, its pid
// and the kernel's start time of that pid), prints the outcome as one JSON line, then holds the
// lease without ever releasing it, until it is killed.
import { hostname } from 'node:os';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';
import { processStartTime } from '../../src/controller/host-processes.js';

const [repo] = process.argv.slice(2);
const store = new GitRefRunStore({ repo, controller: 'prod' });
const lease = await store.acquireLease('web', { host: hostname(), pid: process.pid, pidStart: processStartTime(process.pid), since: new Date().toISOString(), purpose: 'apply' }, 600_000);
process.stdout.write(`${JSON.stringify(lease)}\n`);
setInterval(() => {}, 60_000);
