import fs from 'node:fs';
import { readText } from './relation-files.js';

/** What the agent reads of the files a unit's workload keeps in its state folder. */

/** Size of a unit's log, 0 before it exists: where a new run's own lines start. */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

const declarable = new Set(['active', 'blocked', 'waiting', 'maintenance']);

/** `{"status": "blocked", "message": "Database required"}`; anything else is ignored. */
export function readWorkloadStatus(file: string): { status: string; message?: string } | undefined {
  const text = readText(file);
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as { status?: unknown; message?: unknown };
    if (typeof raw?.status !== 'string' || !declarable.has(raw.status)) return undefined;
    return { status: raw.status, ...(typeof raw.message === 'string' && raw.message ? { message: raw.message.slice(0, 200) } : {}) };
  } catch {
    return undefined;
  }
}
