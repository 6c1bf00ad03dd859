import { describe, expect, it } from 'vitest';
import type { RolloutPolicy } from '../model/config.js';
import { commandsOnUnits } from './policy.js';

const exec = (command: string, runOn?: 'unit' | 'reconciler'): Partial<RolloutPolicy> => ({ healthCheck: { type: 'exec', command, ...(runOn ? { runOn } : {}) } });

describe('commands a rollout policy runs on units', () => {
  it.each([
    ['an exec check without runOn', { rollout: exec('cat ready'), applications: {} }, ['rollout.healthCheck']],
    ['an exec check on the reconciler', { rollout: exec('cat ready', 'reconciler'), applications: {} }, []],
    ['an http check', { rollout: { healthCheck: { type: 'http' as const, url: 'http://{address}/' } }, applications: {} }, []],
    [
      'hooks, on the unit or here, and an application override',
      { rollout: { drain: { command: 'd', runOn: 'unit' as const }, undrain: { command: 'u', runOn: 'reconciler' as const } }, applications: { web: exec('true', 'unit') } },
      ['rollout.drain', 'applications.web.healthCheck'],
    ],
  ])('finds %s', (_, config, keys) => {
    expect(commandsOnUnits(config).map((c) => c.key)).toEqual(keys);
  });
});
