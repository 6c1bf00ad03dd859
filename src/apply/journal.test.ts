import { describe, expect, it } from 'vitest';
import type { JournalEntryInput } from '../backends/backend.js';
import { JournalWriter, foldCompleted } from './journal.js';

const e = (kind: JournalEntryInput['kind'], unit?: string, runId = 'r'): JournalEntryInput => ({ runId, kind, changeId: 'c', ...(unit ? { unit } : {}) });

describe('foldCompleted', () => {
  it('carries finished steps in the next entry, one row instead of two', () => {
    expect(foldCompleted([e('step-done', 'a/0'), e('step-start', 'a/1')], 'r')).toEqual([
      { runId: 'r', kind: 'step-start', changeId: 'c', unit: 'a/1', data: { completed: [{ changeId: 'c', unit: 'a/0' }] } },
    ]);
  });

  it('carries the next batch, announced as planned, in the entry that starts this one', () => {
    expect(foldCompleted([e('step-done', 'a/0'), e('step-planned', 'a/2'), e('step-start', 'a/1')], 'r')).toEqual([
      { runId: 'r', kind: 'step-start', changeId: 'c', unit: 'a/1', data: { completed: [{ changeId: 'c', unit: 'a/0' }], planned: [{ changeId: 'c', unit: 'a/2' }] } },
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

describe('JournalWriter', () => {
  it('never sends a failed write again, refuses further steps, and closes with what was never sent', async () => {
    const sent: JournalEntryInput[][] = [];
    let fail = false;
    const writer = new JournalWriter({ appendJournal: async (_model, entries) => {
      if (fail) throw new Error('connection reset');
      sent.push(entries);
    } }, 'm', 'r');
    await writer.before([{ kind: 'run-start' }]);
    fail = true;
    await expect(writer.before([{ kind: 'step-start', unit: 'a/0' }])).rejects.toThrow('connection reset');
    await expect(writer.before([{ kind: 'step-start', unit: 'a/1' }])).rejects.toThrow('connection reset');
    fail = false;
    writer.after([{ kind: 'note', data: { message: 'x' } }]);
    expect(await writer.close([{ kind: 'run-end' }])).toBe(true);
    expect(sent.map((w) => w.map((x) => x.kind))).toEqual([['run-start'], ['note', 'run-end']]);
    expect(String(writer.error)).toContain('connection reset');
  });
});
