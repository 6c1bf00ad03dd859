import fs from 'node:fs';
import { hostname } from 'node:os';
import type { LeaseHolder } from '../model/backend-data.js';

/*
 * What /proc says about a process of this host: shared by the unit agent (adopting unit processes)
 * and the model operations (taking over a lease whose holder is gone).
 */

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readStat(pid);
  return !stat || stat.state !== 'Z';
}

/**
 * The kernel's start time of a process (clock ticks since boot), so a pid recorded before a
 * controller restart is only adopted when it is still the same process, not a reused pid.
 */
export function processStartTime(pid: number): string | undefined {
  return readStat(pid)?.start;
}

/**
 * A lease holder that ran on this host and whose process is no longer there (dead, or its pid
 * reused by another process): it cannot renew, so its lease may be taken over at once. A holder
 * on another host is never judged from here; its lease runs out by its TTL.
 */
export function holderIsGone(holder: LeaseHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!isAlive(holder.pid)) return true;
  return holder.pidStart !== undefined && processStartTime(holder.pid) !== holder.pidStart;
}

function readStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}
