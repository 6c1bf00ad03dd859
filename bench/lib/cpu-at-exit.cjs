// Preloaded (node --require) into a process whose startup is measured: when it exits, writes
// the CPU time it used (user + system, all threads, since the process began) to the file named
// by JUJU_GITOPS_BENCH_CPU_FILE. Node has no other way to report a child's CPU time.
'use strict';
const file = process.env.JUJU_GITOPS_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const used = process.cpuUsage();
    require('node:fs').writeFileSync(file, String((used.user + used.system) / 1000));
  });
}
