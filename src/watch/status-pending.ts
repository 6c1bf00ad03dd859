import type { Change, Classification } from '../model/change.js';
import { changeDetails, formatDetail, maskChanges } from '../plan/index.js';
import type { PendingChanges } from './watch-state.js';

export interface PendingChangeView {
  id: string;
  classification: Classification;
  description: string;
  /** One line per value that changes, `label: from → to`, secrets masked. */
  details: string[];
}

export interface PendingView {
  at: string;
  changes: PendingChangeView[];
  removals: PendingChangeView[];
}

/** The last plan's changes as the page lists them, with secret values masked before any text is made. */
export function describePending(pending: PendingChanges | undefined, secrets: readonly string[]): PendingView | undefined {
  if (!pending) return undefined;
  const view = (changes: readonly Change[]) =>
    maskChanges(changes, secrets).map((c) => ({ id: c.id, classification: c.classification, description: c.description, details: changeDetails(c).map(formatDetail) }));
  return { at: pending.at, changes: view(pending.changes), removals: view(pending.removals) };
}
