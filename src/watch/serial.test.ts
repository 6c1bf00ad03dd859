import { describe, expect, it } from 'vitest';
import { SerialRunner, type TriggerKind } from './serial.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
      await tick(runMs);
      active -= 1;
    },
  });
  return { runner, runs, maxActive: () => maxActive };
}

describe('SerialRunner', () => {
  it('turns a burst of changes into one run', async () => {
    const { runner, runs } = recorder(5);
    for (const p of ['a', 'b', 'a', 'c']) runner.change(p);
    await tick(80);
    expect(runs).toEqual([{ kind: 'change', paths: ['a', 'b', 'c'] }]);
    await runner.stop();
  });

  it('runs once more after a run during which things changed, never two at once', async () => {
    const { runner, runs, maxActive } = recorder(60);
    runner.change('a');
    await tick(40);
    runner.change('b');
    runner.change('c');
    await tick(200);
    expect(runs.map((r) => r.paths)).toEqual([['a'], ['b', 'c']]);
    expect(maxActive()).toBe(1);
    await runner.stop();
  });

  it('drops an interval tick while a run is going on', async () => {
    const { runner, runs } = recorder(50);
    runner.interval();
    runner.interval();
    await tick(80);
    runner.interval();
    await tick(80);
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
    await tick(30);
    runner.change('y');
    await tick(30);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await runner.stop();
  });

  it('waits for the run in progress when stopped, and takes no more triggers', async () => {
    const { runner, runs } = recorder(50);
    runner.interval();
    await tick(5);
    await runner.stop();
    runner.change('late');
    await tick(40);
    expect(runs).toHaveLength(1);
  });
});
