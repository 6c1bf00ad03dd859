import { describe, expect, it } from 'vitest';
import { StatusChanges } from './status-changes.js';

describe('status changes', () => {
  it('wake the waiters of the model that changed, and only those', async () => {
    const changes = new StatusChanges();
    const woken: string[] = [];
    const a = changes.next('a', { timeoutMs: 10_000 }).then(() => woken.push('a'));
    const b = changes.next('b', { timeoutMs: 50 }).then(() => woken.push('b'));
    changes.notify('a');
    await a;
    expect(woken).toEqual(['a']);
    await b;
    expect(woken).toEqual(['a', 'b']);
  });

  it('end a wait at its timeout or when its signal aborts', async () => {
    const changes = new StatusChanges();
    const started = Date.now();
    await changes.next('m', { timeoutMs: 30 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    const abort = new AbortController();
    const waiting = changes.next('m', { timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(changes.next('m', { timeoutMs: 60_000, signal: abort.signal })).resolves.toBeUndefined();
  });

  it('refuse every wait, pending or new, once closed', async () => {
    const changes = new StatusChanges();
    const waiting = changes.next('m', { timeoutMs: 60_000 });
    changes.close();
    await expect(waiting).rejects.toMatchObject({ code: 'controller-stopped' });
    await expect(changes.next('m', { timeoutMs: 10 })).rejects.toMatchObject({ code: 'controller-stopped' });
  });
});
