import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SerialRunner, type TriggerKind } from './serial.js';

// Time is the fake clock's: each test says exactly how far it moves, so no result depends on
// how busy the machine is.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(runMs: number) {
  const runs: { kind: TriggerKind; paths: string[] }[] = [];
  let active = 0;
  let maxActive = 0;
  const runner = new SerialRunner({
    debounceMs: 20,
    onError: () => undefined,
    run: async (kind, paths) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      runs.push({ kind, paths });
      await sleep(runMs);
      active -= 1;
    },
  });
  return { runner, runs, maxActive: () => maxActive };
}

describe('SerialRunner', () => {
  it('turns a burst of changes into one run, once the debounce time has passed', async () => {
    const { runner, runs } = recorder(5);
    for (const p of ['a', 'b', 'a', 'c']) runner.change(p);
    await advance(19);
    expect(runs).toEqual([]);
    await advance(1);
    expect(runs).toEqual([{ kind: 'change', paths: ['a', 'b', 'c'] }]);
    await advance(100);
    expect(runs).toHaveLength(1);
    await runner.stop();
  });

  it('runs once more after a run during which things changed, never two at once', async () => {
    const { runner, runs, maxActive } = recorder(60);
    runner.change('a');
    await advance(40);
    runner.change('b');
    runner.change('c');
    await advance(30);
    expect(runs.map((r) => r.paths)).toEqual([['a']]);
    await advance(200);
    expect(runs.map((r) => r.paths)).toEqual([['a'], ['b', 'c']]);
    expect(maxActive()).toBe(1);
    await runner.stop();
  });

  it('drops an interval tick while a run is going on', async () => {
    const { runner, runs } = recorder(50);
    runner.interval();
    runner.interval();
    await advance(80);
    runner.interval();
    await advance(80);
    expect(runs.map((r) => r.kind)).toEqual(['interval', 'interval']);
    await runner.stop();
  });

  it('keeps going after a run throws', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = new SerialRunner({
      debounceMs: 5,
      onError: (e) => errors.push(e),
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('bad commit');
      },
    });
    runner.change('x');
    await advance(30);
    runner.change('y');
    await advance(30);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('bad commit')]);
    await runner.stop();
  });

  it('waits for the run in progress when stopped, and takes no more triggers', async () => {
    const { runner, runs } = recorder(50);
    runner.interval();
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await advance(49);
    expect(stopped).toBe(false);
    await advance(1);
    await stopping;
    runner.change('late');
    await advance(100);
    expect(runs).toHaveLength(1);
  });
});
