import { describe, expect, it } from 'vitest';
import { reuseFor } from './cache.js';

function counter(fail = () => false) {
  let calls = 0;
  let release: () => void = () => undefined;
  const load = () => {
    calls += 1;
    const n = calls;
    return new Promise<number>((resolve, reject) => {
      release = () => (fail() ? reject(new Error(`load ${n} failed`)) : resolve(n));
    });
  };
  return { load, calls: () => calls, release: () => release() };
}

describe('reuseFor', () => {
  it('shares one load between callers that arrive while it runs', async () => {
    const c = counter();
    let t = 0;
    const get = reuseFor(c.load, 1000, () => t);
    const all = Promise.all([get(), get(), get()]);
    t = 5000; // however long the load takes, callers meanwhile wait for it
    const late = get();
    c.release();
    expect(await all).toEqual([1, 1, 1]);
    expect(await late).toBe(1);
    expect(c.calls()).toBe(1);
  });

  it('reuses a result for the period after it settles, then loads again', async () => {
    const c = counter();
    let t = 0;
    const get = reuseFor(c.load, 1000, () => t);
    const first = get();
    c.release();
    await first;
    t = 999;
    expect(await get()).toBe(1);
    t = 1000;
    const second = get();
    c.release();
    expect(await second).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let failing = true;
    const c = counter(() => failing);
    const get = reuseFor(c.load, 1000, () => 0);
    const first = get();
    c.release();
    await expect(first).rejects.toThrow('load 1 failed');
    failing = false;
    const second = get();
    c.release();
    expect(await second).toBe(2);
  });
});
