import { describe, expect, it } from 'vitest';
import { batchUnits, orderUnits, scheduleRollout } from './order.js';

const units = [
  { name: 'app/10', leader: false },
  { name: 'app/2', leader: true },
  { name: 'app/0', leader: false },
  { name: 'app/1', leader: false },
];

describe('orderUnits', () => {
  it.each([
    ['leader-last', ['app/0', 'app/1', 'app/10', 'app/2']],
    ['leader-first', ['app/2', 'app/0', 'app/1', 'app/10']],
    ['ordinal', ['app/0', 'app/1', 'app/2', 'app/10']],
  ] as const)('orders %s by unit number, not by name', (order, expected) => {
    expect(orderUnits(units, order)).toEqual(expected);
  });

  it('moves an explicit list first, then every unit it leaves out by ordinal', () => {
    expect(orderUnits(units, ['app/10', 'app/1', 'app/1', 'app/99'])).toEqual(['app/10', 'app/1', 'app/0', 'app/2']);
  });
});

describe('batchUnits', () => {
  it.each([
    [1, [['a'], ['b'], ['c']]],
    [2, [['a', 'b'], ['c']]],
    [10, [['a', 'b', 'c']]],
    [0, [['a'], ['b'], ['c']]],
  ])('splits into batches of %i', (size, expected) => {
    expect(batchUnits(['a', 'b', 'c'], size)).toEqual(expected);
  });
});

describe('scheduleRollout', () => {
  it('holds back everything after the canary units', () => {
    expect(scheduleRollout(['a', 'b', 'c', 'd'], { batch: 1, canary: 1 })).toEqual({ batches: [['a']], held: ['b', 'c', 'd'] });
  });

  it('moves everything when the canary covers every unit', () => {
    expect(scheduleRollout(['a', 'b'], { batch: 2, canary: 5 })).toEqual({ batches: [['a', 'b']], held: [] });
  });

  it('moves everything without a canary', () => {
    expect(scheduleRollout(['a', 'b', 'c'], { batch: 2, canary: 0 })).toEqual({ batches: [['a', 'b'], ['c']], held: [] });
  });
});
