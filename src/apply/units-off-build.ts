import type { ModelBackend } from '../backends/backend.js';
import type { JournalEntry } from '../backends/run-store.js';
import type { Change } from '../model/change.js';
import type { LiveModel } from '../model/live.js';

/**
 * Where a unit strategy of charm actions moves units (Juju), the application-level change is
 * made with the first unit and the charm holds the others until their actions run, and Juju
 * shows every unit as its application. What the units really run is then known only from the
 * journal: each batch of such a rollout is announced with the units still to move, and its end
 * with the units it left behind (failed, untouched, held for a canary; or, after a rollback
 * returned the application, the units it had moved). The next run marks those units
 * (`LiveUnit.offBuild`), so the plan heals them through the same actions and the rollout does
 * not count them as done. A canary's held units are marked only for `promote`: any other run
 * leaves them waiting, and its plan says so.
 */
export interface OffBuildRecord {
  application: string;
  units: string[];
  reason: 'stopped' | 'canary';
}

/** Whether a roll step's changes are made once for the application and moved by charm actions on each unit. */
export function movesByActions(changes: readonly Change[]): boolean {
  return changes.some((c) => c.staging?.kind === 'action' && c.classification !== 'all-at-once');
}

/** The record a roll step leaves: which units do not run what their application now says. */
export function offBuildAfterRoll(application: string, outcome: 'done' | 'failed' | 'canary' | 'aborted', units: readonly { unit: string; status: string }[]): OffBuildRecord {
  if (outcome === 'done') return { application, units: [], reason: 'stopped' };
  // A rollback returned the application to what it ran: the units moved before now run the change.
  const back = units.some((u) => u.status === 'rolled-back');
  const off = units.filter((u) => (back ? u.status === 'done' : ['failed', 'untouched', 'held', 'interrupted'].includes(u.status))).map((u) => u.unit);
  return { application, units: off, reason: outcome === 'canary' ? 'canary' : 'stopped' };
}

export function offBuildEntry(changeId: string, record: OffBuildRecord): { kind: 'note'; changeId: string; data: Record<string, unknown> } {
  return { kind: 'note', changeId, data: { offBuild: record } };
}

/** The latest record per application, from the journal (oldest entries first or not). */
export function unitsOffBuild(entries: readonly JournalEntry[]): Map<string, OffBuildRecord> {
  const records = new Map<string, OffBuildRecord>();
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    const record = entry.kind === 'note' ? (entry.data?.offBuild as OffBuildRecord | undefined) : undefined;
    if (record?.application) records.set(record.application, record);
  }
  return records;
}

/** The units to mark per application, and a note for each canary whose units are left waiting. */
function marksFor(live: LiveModel, records: ReadonlyMap<string, OffBuildRecord>, opts: { promote: boolean }): { marks: OffBuildRecord[]; notes: string[] } {
  const marks: OffBuildRecord[] = [];
  const notes: string[] = [];
  for (const record of records.values()) {
    const app = live.applications[record.application];
    const units = record.units.filter((u) => app?.units[u]);
    if (!units.length) continue;
    if (record.reason === 'canary' && !opts.promote) {
      notes.push(`${record.application}: ${units.join(', ')} still run what they ran before the canary, though Juju shows them as their application; \`juju-gitops promote\` moves them through their charm actions`);
      continue;
    }
    marks.push({ ...record, units });
  }
  return { marks, notes };
}

/**
 * Marks the recorded units on a model as read (in place: a backend that keeps the model it
 * last read sees the marks too). Returns a note for each canary whose units are left waiting.
 */
export function markUnitsOffBuild(live: LiveModel, records: ReadonlyMap<string, OffBuildRecord>, opts: { promote: boolean }): string[] {
  const { marks, notes } = marksFor(live, records, opts);
  for (const mark of marks) for (const unit of mark.units) live.applications[mark.application].units[unit].offBuild = mark.reason;
  return notes;
}

/**
 * The model with the recorded units marked, as a run that does not promote sees it, for a
 * reader that only looks (the status page, the watch's drift check): the model a backend keeps
 * is left as read, and only the applications and units marked are copied.
 */
export function withUnitsOffBuild(live: LiveModel, records: ReadonlyMap<string, OffBuildRecord>): LiveModel {
  const { marks } = marksFor(live, records, { promote: false });
  if (!marks.length) return live;
  const applications = { ...live.applications };
  for (const mark of marks) {
    const app = applications[mark.application];
    const units = { ...app.units };
    for (const unit of mark.units) units[unit] = { ...units[unit], offBuild: mark.reason };
    applications[mark.application] = { ...app, units };
  }
  return { ...live, applications };
}

/** The backend with every model it reads marked from the records (the rollout reads the model again at each step). */
export function markingReads(backend: ModelBackend, records: ReadonlyMap<string, OffBuildRecord>, opts: { promote: boolean }): ModelBackend {
  if (!records.size) return backend;
  const marked: Partial<ModelBackend> = {
    readModel: async (model) => {
      const live = await backend.readModel(model);
      markUnitsOffBuild(live, records, opts);
      return live;
    },
  };
  return Object.assign(Object.create(backend) as ModelBackend, marked);
}
