import { expect } from 'vitest';
import { recordsOwners } from '../../src/backends/ownership.js';
import { change, charms, deploy } from './fixtures.js';
import type { SuiteContext } from './suite.js';

/** Models: listing, adding, reading, and the stable codes of what is not there. */
export function modelCases(t: SuiteContext): void {
  t.it('lists a new, empty model and refuses to add it twice', async () => {
    const listed = (await t.backend.listModels()).find((m) => m.name === t.model);
    expect(listed).toMatchObject({ name: t.model, type: 'iaas', applications: 0, units: 0 });
    await expect(t.backend.addModel(t.model)).rejects.toMatchObject({ code: 'model-exists' });
  });

  t.it('reads a new model as empty', async () => {
    const live = await t.backend.readModel(t.model);
    expect(live).toMatchObject({ name: t.model, applications: {}, relations: [], offers: {}, saas: {} });
  });

  t.it('reports an unknown model as model-not-found, for reads and changes', async () => {
    await expect(t.backend.readModel('no-such-model')).rejects.toMatchObject({ code: 'model-not-found' });
    await expect(t.backend.applyChange('no-such-model', deploy('db', { charm: charms.db }))).rejects.toMatchObject({ code: 'model-not-found' });
  });

  t.it('names unknown applications and units in its errors', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1 }));
    await expect(t.apply(change('config', { application: 'ghost', set: { label: 'x' }, unset: [], from: {} }))).rejects.toMatchObject({ code: 'application-not-found' });
    await expect(t.apply(change('scale', { application: 'ghost', units: 2, from: 1 }))).rejects.toMatchObject({ code: 'application-not-found' });
    await expect(t.backend.applyUnitChange(t.model, 'ghost/0', { options: {} })).rejects.toMatchObject({ code: 'unit-not-found' });
    await expect(t.backend.applyUnitChange(t.model, 'db/99', { options: {} })).rejects.toMatchObject({ code: 'unit-not-found' });
    await expect(t.backend.waitForSettled(t.model, ['ghost/0'], { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'unit-not-found' });
  });

  t.it('refuses options the charm does not have, and values of the wrong type, changing nothing', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1, options: { label: 'kept' } }));
    await expect(t.apply(change('config', { application: 'db', set: { 'max-conections': 10 }, unset: [], from: {} }))).rejects.toMatchObject({ code: 'option-invalid' });
    await expect(t.apply(change('config', { application: 'db', set: { 'max-connections': 'many' }, unset: [], from: {} }))).rejects.toMatchObject({ code: 'option-invalid' });
    const app = (await t.backend.readModel(t.model)).applications.db;
    expect(app.options.label).toEqual({ value: 'kept', source: 'user' });
    expect(app.options['max-connections']?.source).not.toBe('user');
  });

  t.gated(
    'records the first repository to claim a model, refuses another until it adopts, and lets a deploy leave it unmanaged',
    () => (recordsOwners(t.backend) ? undefined : 'the backend records no model owners'),
    async () => {
      if (!recordsOwners(t.backend)) throw new Error('unreachable');
      const first = { repository: 'https://git.example.com/ops/first.git', config: 'juju-gitops.yaml' };
      const second = { repository: 'https://git.example.com/ops/second.git', config: 'envs/prod/juju-gitops.yaml' };
      expect(await t.backend.readOwner(t.model)).toBeNull();
      expect(await t.backend.claimModel(t.model, first, { adopt: false })).toEqual({ granted: true, previous: null });
      expect(await t.backend.claimModel(t.model, first, { adopt: false })).toEqual({ granted: true, previous: first });
      expect(await t.backend.claimModel(t.model, second, { adopt: false })).toEqual({ granted: false, previous: first });
      expect(await t.backend.readOwner(t.model)).toEqual(first);
      expect(await t.backend.claimModel(t.model, second, { adopt: true })).toEqual({ granted: true, previous: first });
      expect(await t.backend.readOwner(t.model)).toEqual(second);
      expect(await t.backend.claimModel(t.model, null, { adopt: true })).toEqual({ granted: true, previous: second });
      expect(await t.backend.readOwner(t.model)).toBeNull();
      await expect(t.backend.readOwner('no-such-model')).rejects.toMatchObject({ code: 'model-not-found' });
    },
  );
}
