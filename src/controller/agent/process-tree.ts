import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, signalGroup } from './processes.js';

/** What every process of one unit carries in its environment, whatever its parent or group. */
export interface UnitMarker {
  /** The unit's state folder: unique per unit, and it stays with the unit when its model migrates. */
  stateDir: string;
  model: string;
  unit: string;
}

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
}

/**
 * Every live process that belongs to a unit's workload: the descendants of its main process (by
 * parent pid, whatever group or session they moved to) and every process that still carries the
 * unit's environment — that one survives a child leaving its process group with setsid and being
 * re-parented to init once its parent exits, which neither the group nor the parent chain does.
 */
export function unitProcessTree(mainPid: number | undefined, marker: UnitMarker): number[] {
  const procs = listProcesses();
  const members = new Set<number>();
  if (mainPid) {
    members.add(mainPid);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs) {
        if (!members.has(p.pid) && members.has(p.ppid)) {
          members.add(p.pid);
          grew = true;
        }
      }
    }
  }
  const wanted = [`JUJU_UNIT_STATE_DIR=${marker.stateDir}`, `JUJU_MODEL_NAME=${marker.model}`, `JUJU_UNIT_NAME=${marker.unit}`];
  for (const p of procs) {
    if (members.has(p.pid) || p.pid === process.pid) continue;
    const environ = readEnviron(p.pid);
    if (environ && wanted.every((w) => environ.includes(w))) members.add(p.pid);
  }
  return [...members].filter((pid) => procs.some((p) => p.pid === pid && p.state !== 'Z'));
}

/**
 * Stops a unit's whole process tree: SIGTERM to the main process's group and to every member
 * that left it, up to `graceMs` for the main process to exit, then SIGKILL to whatever of the
 * tree is left. Resolves once all of it is gone (or after 5 s more, for a process stuck in D state).
 */
export async function stopProcessTree(mainPid: number | undefined, marker: UnitMarker, graceMs: number): Promise<void> {
  signalTree(mainPid, marker, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (mainPid && isAlive(mainPid) && Date.now() < deadline) await sleep(25);
  const hardDeadline = Date.now() + 5_000;
  for (;;) {
    const left = signalTree(mainPid, marker, 'SIGKILL');
    if (!left.length || Date.now() > hardDeadline) return;
    await sleep(10);
  }
}

/** Signals the main process's group and every other member of the tree; returns the members found. */
export function signalTree(mainPid: number | undefined, marker: UnitMarker, signal: NodeJS.Signals): number[] {
  const members = unitProcessTree(mainPid, marker);
  if (mainPid && isAlive(mainPid)) signalGroup(mainPid, signal);
  for (const pid of members) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
  return members;
}

function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), state: fields[0], ppid: Number(fields[1]) });
    } catch {
      // It ended while we looked.
    }
  }
  return out;
}

function readEnviron(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}
