import type { JournalEntry, ModelBackend } from '../backends/backend.js';
import { GitopsError } from '../model/errors.js';

/**
 * The recent end of the model's journal (enough for the last runs, which is all resuming
 * needs); empty for a model that does not exist yet.
 */
export async function readJournalOrEmpty(backend: ModelBackend, model: string, limit = 5000): Promise<JournalEntry[]> {
  try {
    return await backend.readJournal(model, { limit });
  } catch (error) {
    if (isModelNotFound(error)) return [];
    throw error;
  }
}

function isModelNotFound(error: unknown): boolean {
  return error instanceof GitopsError && error.code === 'model-not-found';
}
