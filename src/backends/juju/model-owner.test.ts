import { describe, expect, it } from 'vitest';
import type { ModelOwner } from '../../model/owner.js';
import { claimThroughModelConfig, ownerConfigKey, ownerConfigValue, ownerOfModelConfig, type OwnerStore } from './model-owner.js';

const first: ModelOwner = { repository: 'git@example.com:ops/first.git', config: 'juju-gitops.yaml' };
const second: ModelOwner = { repository: 'git@example.com:ops/second.git', config: 'juju-gitops.yaml' };

/** Model config in memory; `interloper` is written just after the claimant's write, as a racing repository would. */
function memoryStore(initial: ModelOwner | null, interloper?: ModelOwner): OwnerStore & { writes: Array<ModelOwner | null> } {
  let value = initial;
  const writes: Array<ModelOwner | null> = [];
  return {
    writes,
    read: async () => value,
    write: async (owner) => {
      writes.push(owner);
      value = interloper ?? owner;
    },
  };
}

describe('claiming a Juju model through its model config', () => {
  it.each([
    ['an unowned model', null, first, false, { granted: true, previous: null }, [first]],
    ['a model the caller owns', first, first, false, { granted: true, previous: first }, []],
    ["another repository's model", first, second, false, { granted: false, previous: first }, []],
    ["another repository's model, adopted", first, second, true, { granted: true, previous: first }, [second]],
    ['a managed model left unmanaged by an adopting deploy', first, null, true, { granted: true, previous: first }, [null]],
    ['an unmanaged model by a deploy', null, null, false, { granted: true, previous: null }, []],
  ] as const)('%s', async (_name, recorded, owner, adopt, claim, writes) => {
    const store = memoryStore(recorded);
    expect(await claimThroughModelConfig(store, owner, { adopt })).toEqual(claim);
    expect(store.writes).toEqual(writes);
  });

  it('refuses a claim whose write another repository overwrote before it was read back, naming that repository', async () => {
    const store = memoryStore(null, second);
    expect(await claimThroughModelConfig(store, first, { adopt: false })).toEqual({ granted: false, previous: second });
  });

  it('reads the owner juju-gitops wrote, and names a hand-set value as the owner it is', () => {
    const config = (value: unknown) => ({ 'logging-config': { Value: '<root>=INFO', Source: 'default' }, [ownerConfigKey]: { Value: value, Source: 'model' } });
    expect(ownerOfModelConfig(config(ownerConfigValue(first)))).toEqual(first);
    expect(ownerOfModelConfig(config('ops team'))).toEqual({ repository: 'ops team', config: '?' });
    expect(ownerOfModelConfig(config(''))).toBeNull();
    expect(ownerOfModelConfig({ 'logging-config': { Value: '<root>=INFO', Source: 'default' } })).toBeNull();
  });
});
