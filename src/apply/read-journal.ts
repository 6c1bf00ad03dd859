import type { JournalEntry, RunStore } from '../backends/run-store.js';

/** The recent end of the model's journal: enough for the last runs, which is all resuming needs. */
export function readRecentJournal(runs: RunStore, model: string, limit = 5000): Promise<JournalEntry[]> {
  return runs.readJournal(model, { limit });
}
