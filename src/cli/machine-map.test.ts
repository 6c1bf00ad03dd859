import { describe, expect, it } from 'vitest';
import { parseMachineMap } from './machine-map.js';

describe('--map-machines, read as juju deploy and juju diff-bundle read it', () => {
  it.each([
    ['existing', {}],
    ['0=1', { '0': '1' }],
    ['existing, 0=4 ,1=7', { '0': '4', '1': '7' }],
    ['', {}],
  ])('%j', (value, expected) => {
    expect(parseMachineMap(value)).toEqual(expected);
  });

  // Juju's messages, from cmd/juju/application parseMachineMap, behind "error in --map-machines".
  it.each([
    ['0', 'error in --map-machines: expected "existing" or "<bundle-id>=<machine-id>", got "0"'],
    ['a=1', 'error in --map-machines: bundle-id "a" is not a top level machine id'],
    ['0=0/lxd/1', 'error in --map-machines: machine-id "0/lxd/1" is not a top level machine id'],
  ])('refuses %j', (value, message) => {
    expect(() => parseMachineMap(value)).toThrow(message);
  });
});
