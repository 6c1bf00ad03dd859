import fs from 'node:fs';

/** Pids of live processes of `unit` running `script` whose state folder is under the controller folder `dir`. */
export function unitProcesses(dir: string, unit: string, script = 'server.mjs'): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state !== 'Z' && cmdline.includes(script) && environ.some((e) => e.startsWith(`JUJU_UNIT_STATE_DIR=${dir}/`)) && environ.includes(`JUJU_UNIT_NAME=${unit}`)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
