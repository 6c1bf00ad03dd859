import { describe, expect, it } from 'vitest';
import type { JournalEntryInput } from '../backends/backend.js';
import { foldCompleted } from './journal.js';

const e = (kind: JournalEntryInput['kind'], unit?: string, runId = 'r'): JournalEntryInput => ({ runId, kind, changeId: 'c', ...(unit ? { unit } : {}) });

describe('foldCompleted', () => {
  it('carries finished steps in the next entry, one row instead of two', () => {
    expect(foldCompleted([e('step-done', 'a/0'), e('step-start', 'a/1')], 'r')).toEqual([
      { runId: 'r', kind: 'step-start', changeId: 'c', unit: 'a/1', data: { completed: [{ changeId: 'c', unit: 'a/0' }] } },
    ]);
  });

  it('keeps failures and other runs as rows of their own', () => {
    const entries = [e('step-failed', 'a/0'), e('run-end', undefined, 'old'), e('step-start', 'a/1')];
    expect(foldCompleted(entries, 'r')).toEqual(entries);
  });

  it('leaves finished steps alone when nothing of the run follows them', () => {
    const entries = [e('step-done', 'a/0')];
    expect(foldCompleted(entries, 'r')).toEqual(entries);
  });
});
