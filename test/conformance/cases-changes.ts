import { expect } from 'vitest';
import { bareCharm, change, charms, deploy, leaders, relate, relationPairs, unitNames, userOptions } from './fixtures.js';
import type { SuiteContext } from './suite.js';
import { canonicalConstraints } from '../../src/plan/constraints.js';

/** Application-level changes through applyChange, as the executor makes them. */
export function changeCases(t: SuiteContext): void {
  t.it('deploys an application with its charm, options and units, one of them leader', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 2, options: { 'max-connections': 200 } }));
    const live = await t.backend.readModel(t.model);
    const app = live.applications.db;
    expect(bareCharm(app.charm)).toBe('conformance-db');
    expect(app.scale).toBe(2);
    expect(userOptions(app)).toEqual({ 'max-connections': 200 });
    expect(unitNames(app)).toHaveLength(2);
    expect(leaders(app)).toHaveLength(1);
    for (const unit of Object.values(app.units)) {
      expect(bareCharm(unit.applied.charm)).toBe('conformance-db');
      expect(unit.applied.options).toEqual({ 'max-connections': 200 });
      expect(live.machines[unit.machine!], `machine of ${unit.name}`).toBeDefined();
    }
  });

  // Compared as Juju compares them: a controller may write `mem=4G` back as `mem=4096M`.
  t.it('reads back the constraints an application was deployed with and changed to', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1, constraints: 'mem=4G' }));
    expect(canonicalConstraints((await t.backend.readModel(t.model)).applications.db.constraints)).toBe('mem=4096M');
    await t.apply(change('update-application', { application: 'db', field: 'constraints', value: 'cores=2 mem=1G', from: 'mem=4G' }));
    expect(canonicalConstraints((await t.backend.readModel(t.model)).applications.db.constraints)).toBe('cores=2 mem=1024M');
  });

  t.it('sets and unsets options on the application and every unit', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 2, options: { 'max-connections': 150, label: 'v1' } }));
    await t.apply(change('config', { application: 'db', set: { 'max-connections': 300 }, unset: ['label'], from: { 'max-connections': 150, label: 'v1' } }));
    const app = (await t.backend.readModel(t.model)).applications.db;
    expect(userOptions(app)).toEqual({ 'max-connections': 300 });
    for (const unit of Object.values(app.units)) expect(unit.applied.options).toEqual({ 'max-connections': 300 });
  });

  t.it('refreshes a Charmhub charm to another revision on every unit', async () => {
    await t.apply(deploy('ubuntu', { charm: 'ubuntu', channel: 'latest/stable', revision: 24, num_units: 2 }));
    await t.apply(change('refresh', { application: 'ubuntu', to: { revision: 25 }, from: { charm: 'ubuntu', channel: 'latest/stable', revision: 24 } }));
    const app = (await t.backend.readModel(t.model)).applications.ubuntu;
    expect(app).toMatchObject({ charm: 'ubuntu', channel: 'latest/stable', revision: 25 });
    expect(Object.values(app.units).map((u) => u.applied.revision)).toEqual([25, 25]);
  });

  t.it('scales up with new unit numbers and down again, keeping exactly one leader', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 2 }));
    const first = unitNames((await t.backend.readModel(t.model)).applications.db);
    await t.apply(change('scale', { application: 'db', units: 4, from: 2 }));
    const scaled = (await t.backend.readModel(t.model)).applications.db;
    expect(scaled.scale).toBe(4);
    expect(unitNames(scaled)).toEqual(expect.arrayContaining(first));
    expect(new Set(unitNames(scaled)).size).toBe(4);
    await t.apply(change('scale', { application: 'db', units: 1, from: 4 }));
    const app = (await t.backend.readModel(t.model)).applications.db;
    expect(app.scale).toBe(1);
    expect(unitNames(app)).toHaveLength(1);
    expect(leaders(app)).toEqual(unitNames(app));
  });

  t.it('relates and unrelates endpoints the charms declare, refusing duplicates and unknown applications', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1 }));
    await t.apply(deploy('app', { charm: charms.app, num_units: 1 }));
    await t.apply(relate('app:db', 'db:db'));
    expect(relationPairs(await t.backend.readModel(t.model))).toEqual([['app:db', 'db:db']]);
    await expect(t.apply(relate('db:db', 'app:db'))).rejects.toMatchObject({ code: 'relation-exists' });
    await expect(t.apply(relate('app:db', 'nothing:db'))).rejects.toMatchObject({ code: 'application-not-found' });
    await t.apply(change('unrelate', { endpoints: ['db:db', 'app:db'] }));
    expect((await t.backend.readModel(t.model)).relations).toEqual([]);
  });

  t.it('exposes and unexposes an application', async () => {
    await t.apply(deploy('app', { charm: charms.app, num_units: 1 }));
    await t.apply(change('expose', { application: 'app', expose: true }));
    expect((await t.backend.readModel(t.model)).applications.app.expose).toBe(true);
    await t.apply(change('expose', { application: 'app', expose: false }));
    expect((await t.backend.readModel(t.model)).applications.app.expose).toBe(false);
  });

  t.it('adds a machine, places units on it, removes an unused one and refuses one in use', async () => {
    const machines = async () => Object.keys((await t.backend.readModel(t.model)).machines);
    await t.apply(change('add-machine', { machine: '0', spec: { constraints: 'mem=2G' } }));
    const [host] = await machines();
    expect((await t.backend.readModel(t.model)).machines[host]).toMatchObject({ constraints: 'mem=2G' });
    await t.apply(deploy('db', { charm: charms.db, num_units: 2, to: [host, host] }));
    const before = new Set(await machines());
    await t.apply(change('add-machine', { machine: '1', spec: {} }));
    const [spare] = (await machines()).filter((m) => !before.has(m));
    await t.apply(change('remove-machine', { machine: spare }));
    const live = await t.backend.readModel(t.model);
    expect(Object.values(live.applications.db.units).map((u) => u.machine)).toEqual([host, host]);
    expect(Object.keys(live.machines)).toEqual([host]);
    await expect(t.apply(change('remove-machine', { machine: host }))).rejects.toMatchObject({ code: 'machine-in-use' });
  });

  t.it('leaves the model unchanged when a change fails', async () => {
    await expect(t.apply(deploy('db', { charm: charms.db, num_units: 2, to: ['4711'] }))).rejects.toHaveProperty('code');
    const live = await t.backend.readModel(t.model);
    expect(live.applications).toEqual({});
    expect(live.machines).toEqual({});
  });

  t.it('removes an application with its units and relations', async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 2 }));
    await t.apply(deploy('app', { charm: charms.app, num_units: 1 }));
    await t.apply(relate('app:db', 'db:db'));
    await t.apply(change('remove-application', { application: 'db' }));
    const live = await t.backend.readModel(t.model);
    expect(Object.keys(live.applications)).toEqual(['app']);
    expect(live.relations).toEqual([]);
  });
}
