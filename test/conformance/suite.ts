import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationSpec } from '../../src/model/bundle.js';
import type { Change } from '../../src/model/change.js';
import type { LeaseHolder, ModelBackend } from '../../src/backends/backend.js';

export interface ConformanceTarget {
  backend: ModelBackend;
  /** Frees whatever the factory started (controllers, directories). */
  cleanup?: () => Promise<void>;
}

const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };
const deploy = (application: string, spec: ApplicationSpec): Change => ({ ...base, id: `deploy-${application}`, kind: 'deploy', application, spec });
const relate = (a: string, b: string): Change => ({ ...base, id: `relate-${a}-${b}`, kind: 'relate', endpoints: [a, b] });
const holder = (purpose: string): LeaseHolder => ({ host: 'ci-runner', pid: 4242, since: '2025-01-01T00:00:00.000Z', purpose });

/**
 * The behaviour every ModelBackend must show, as vitest cases. Each case works in a model of
 * its own and uses Charmhub charm names only, so it runs against any controller.
 */
export function runConformanceSuite(name: string, factory: () => Promise<ConformanceTarget>): void {
  describe(`ModelBackend conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let backend: ModelBackend;
    let model: string;
    let counter = 0;

    beforeAll(async () => {
      target = await factory();
      backend = target.backend;
    });
    afterAll(async () => {
      await backend?.close();
      await target?.cleanup?.();
    });
    beforeEach(async () => {
      model = `conformance-${++counter}`;
      await backend.addModel(model);
    });

    const apply = (change: Change) => backend.applyChange(model, change);

    it('lists a new model and refuses to add it twice', async () => {
      expect((await backend.listModels()).find((m) => m.name === model)).toMatchObject({ applications: 0, units: 0, type: 'iaas' });
      await expect(backend.addModel(model)).rejects.toMatchObject({ code: 'model-exists' });
    });

    it('reports an unknown model as model-not-found', async () => {
      await expect(backend.readModel('no-such-model')).rejects.toMatchObject({ code: 'model-not-found' });
      await expect(backend.applyChange('no-such-model', deploy('a', { charm: 'ubuntu' }))).rejects.toMatchObject({ code: 'model-not-found' });
    });

    it('deploys an application with its charm, channel, revision, options and units', async () => {
      await apply(deploy('mysql', { charm: 'ch:mysql', channel: '8.0/stable', revision: 42, num_units: 2, options: { 'max-connections': 200 }, constraints: 'mem=4G' }));
      const live = await backend.readModel(model);
      const app = live.applications.mysql;
      expect(app).toMatchObject({ charm: 'mysql', channel: '8.0/stable', revision: 42, scale: 2, constraints: 'mem=4G' });
      expect(app.options['max-connections']).toEqual({ value: 200, source: 'user' });
      expect(Object.keys(app.units)).toEqual(['mysql/0', 'mysql/1']);
      expect(Object.values(app.units).filter((u) => u.leader).map((u) => u.name)).toEqual(['mysql/0']);
      expect(app.units['mysql/1'].applied).toMatchObject({ charm: 'mysql', revision: 42, options: { 'max-connections': 200 } });
      for (const unit of Object.values(app.units)) expect(live.machines[unit.machine!]).toBeDefined();
    });

    it('sets and unsets options on the application and every unit', async () => {
      await apply(deploy('app', { charm: 'ubuntu', num_units: 2, options: { a: 1, b: 'x' } }));
      await apply({ ...base, id: 'config-app', kind: 'config', application: 'app', set: { a: 2 }, unset: ['b'], from: { a: 1, b: 'x' } });
      const app = (await backend.readModel(model)).applications.app;
      expect(app.options).toEqual({ a: { value: 2, source: 'user' } });
      for (const unit of Object.values(app.units)) expect(unit.applied.options).toEqual({ a: 2 });
    });

    it('moves one unit, and a later application change leaves the moved unit untouched', async () => {
      await apply(deploy('app', { charm: 'ubuntu', num_units: 3, options: { label: 'v1' } }));
      await backend.applyUnitChange(model, 'app/1', { options: { label: 'v2' } });
      let units = (await backend.readModel(model)).applications.app.units;
      expect(units['app/1'].applied.options).toEqual({ label: 'v2' });
      expect(units['app/0'].applied.options).toEqual({ label: 'v1' });
      const movedSince = units['app/1'].workload.since;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await apply({ ...base, id: 'config-app', kind: 'config', application: 'app', set: { label: 'v2' }, unset: [], from: { label: 'v1' } });
      units = (await backend.readModel(model)).applications.app.units;
      expect(Object.values(units).map((u) => u.applied.options.label)).toEqual(['v2', 'v2', 'v2']);
      expect(units['app/1'].workload.since).toBe(movedSince);
    });

    it('refreshes the charm revision of every unit', async () => {
      await apply(deploy('app', { charm: 'ubuntu', channel: 'latest/stable', revision: 1, num_units: 2 }));
      await apply({ ...base, id: 'refresh-app', kind: 'refresh', application: 'app', to: { revision: 2 }, from: { charm: 'ubuntu', revision: 1 } });
      const app = (await backend.readModel(model)).applications.app;
      expect(app.revision).toBe(2);
      expect(Object.values(app.units).map((u) => u.applied.revision)).toEqual([2, 2]);
    });

    it('scales up with new unit numbers and down from the highest, keeping a leader', async () => {
      await apply(deploy('app', { charm: 'ubuntu', num_units: 2 }));
      await apply({ ...base, id: 'scale-up', kind: 'scale', application: 'app', units: 4, from: 2 });
      await apply({ ...base, id: 'scale-down', kind: 'scale', application: 'app', units: 1, from: 4 });
      const app = (await backend.readModel(model)).applications.app;
      expect(Object.keys(app.units)).toEqual(['app/0']);
      expect(app.scale).toBe(1);
      expect(app.units['app/0'].leader).toBe(true);
    });

    it('relates and unrelates applications and refuses duplicates and unknown names', async () => {
      await apply(deploy('wordpress', { charm: 'wordpress', num_units: 1 }));
      await apply(deploy('mysql', { charm: 'mysql', num_units: 1 }));
      await apply(relate('wordpress:db', 'mysql:db'));
      await expect(apply(relate('mysql:db', 'wordpress:db'))).rejects.toMatchObject({ code: 'relation-exists' });
      await expect(apply(relate('wordpress:db', 'nothing:db'))).rejects.toMatchObject({ code: 'application-not-found' });
      let live = await backend.readModel(model);
      expect(live.relations.map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`))).toEqual([['wordpress:db', 'mysql:db']]);
      await apply({ ...base, id: 'unrelate', kind: 'unrelate', endpoints: ['mysql:db', 'wordpress:db'] });
      live = await backend.readModel(model);
      expect(live.relations).toEqual([]);
    });

    it('exposes an application and updates its other fields', async () => {
      await apply(deploy('app', { charm: 'ubuntu' }));
      await apply({ ...base, id: 'expose', kind: 'expose', application: 'app', expose: true });
      await apply({ ...base, id: 'annotate', kind: 'update-application', application: 'app', field: 'annotations', value: { gui: '1' }, from: {} });
      await apply({ ...base, id: 'constrain', kind: 'update-application', application: 'app', field: 'constraints', value: 'cores=2', from: undefined });
      const app = (await backend.readModel(model)).applications.app;
      expect(app).toMatchObject({ expose: true, annotations: { gui: '1' }, constraints: 'cores=2' });
    });

    it('adds machines for placement and removes an unused one', async () => {
      await apply({ ...base, id: 'machine-0', kind: 'add-machine', machine: '0', spec: { constraints: 'mem=2G' } });
      await apply(deploy('app', { charm: 'ubuntu', num_units: 2, to: ['0'] }));
      await apply({ ...base, id: 'machine-5', kind: 'add-machine', machine: '5', spec: {} });
      await apply({ ...base, id: 'remove-5', kind: 'remove-machine', machine: '5' });
      const live = await backend.readModel(model);
      expect(Object.values(live.applications.app.units).map((u) => u.machine)).toEqual(['0', '0']);
      expect(live.machines['0']).toMatchObject({ constraints: 'mem=2G' });
      expect(live.machines['5']).toBeUndefined();
      await expect(apply({ ...base, id: 'remove-0', kind: 'remove-machine', machine: '0' })).rejects.toMatchObject({ code: 'machine-in-use' });
    });

    it('leaves the model unchanged when a change fails', async () => {
      await expect(apply(deploy('app', { charm: 'ubuntu', num_units: 2, to: ['7'] }))).rejects.toMatchObject({ code: 'placement-unknown-machine' });
      const live = await backend.readModel(model);
      expect(live.applications).toEqual({});
      expect(live.machines).toEqual({});
    });

    it('removes an application with its units and relations', async () => {
      await apply(deploy('a', { charm: 'ubuntu', num_units: 2 }));
      await apply(deploy('b', { charm: 'ubuntu', num_units: 1 }));
      await apply(relate('a:x', 'b:y'));
      await apply({ ...base, id: 'remove-a', kind: 'remove-application', application: 'a' });
      const live = await backend.readModel(model);
      expect(Object.keys(live.applications)).toEqual(['b']);
      expect(live.relations).toEqual([]);
    });

    it('names unknown applications and units in its errors', async () => {
      await expect(apply({ ...base, id: 'c', kind: 'config', application: 'ghost', set: { a: 1 }, unset: [], from: {} })).rejects.toMatchObject({ code: 'application-not-found' });
      await expect(backend.applyUnitChange(model, 'ghost/0', { options: {} })).rejects.toMatchObject({ code: 'unit-not-found' });
      await expect(backend.waitForSettled(model, ['ghost/0'], { timeoutMs: 100 })).rejects.toMatchObject({ code: 'unit-not-found' });
    });

    it('reports units of charms without a workload as settled', async () => {
      await apply(deploy('app', { charm: 'ubuntu', num_units: 2 }));
      const result = await backend.waitForSettled(model, ['app/0', 'app/1'], { timeoutMs: 5_000 });
      expect(result.settled).toBe(true);
      expect(result.units.map((u) => [u.name, u.agent.current])).toEqual([['app/0', 'idle'], ['app/1', 'idle']]);
    });

    it('offers an endpoint with access, and another model consumes it', async () => {
      await apply(deploy('mysql', { charm: 'mysql', num_units: 1 }));
      await apply({ ...base, id: 'offer', kind: 'offer', application: 'mysql', offer: 'db', endpoints: ['db'] });
      await apply({ ...base, id: 'grant', kind: 'grant', offer: 'db', user: 'bob', access: 'consume' });
      const offer = (await backend.readModel(model)).offers.db;
      expect(offer).toMatchObject({ application: 'mysql', endpoints: ['db'], url: `${backend.controllerName}:admin/${model}.db` });
      // As with `juju offer`: the creator administers it and everyone@external may read it.
      expect(offer.acl).toEqual({ admin: 'admin', 'everyone@external': 'read', bob: 'consume' });

      const consumer = `${model}-consumer`;
      await backend.addModel(consumer);
      await backend.applyChange(consumer, { ...base, id: 'consume', kind: 'consume', saas: 'mysql', url: offer.url });
      await backend.applyChange(consumer, deploy('wordpress', { charm: 'wordpress', num_units: 1 }));
      await backend.applyChange(consumer, relate('wordpress:db', 'mysql:db'));
      expect((await backend.readModel(consumer)).saas.mysql).toMatchObject({ url: offer.url });
      expect((await backend.readModel(model)).offers.db.connections).toMatchObject([{ sourceModel: consumer, endpoint: 'db' }]);
      await expect(backend.applyChange(consumer, { ...base, id: 'grant', kind: 'grant', offer: 'nothing', user: 'bob', access: 'read' })).rejects.toMatchObject({ code: 'offer-not-found' });
    });

    it('gives the model lease to one holder at a time', async () => {
      const first = await backend.acquireLease(model, holder('first'), 60_000);
      expect(first.acquired).toBe(true);
      const second = await backend.acquireLease(model, holder('second'), 60_000);
      expect(second).toMatchObject({ acquired: false, holder: { purpose: 'first', host: 'ci-runner', pid: 4242 } });
      if (!first.acquired) throw new Error('unreachable');
      expect(await backend.renewLease(model, first.leaseId, 60_000)).toBe(true);
      await backend.releaseLease(model, first.leaseId);
      expect((await backend.acquireLease(model, holder('second'), 60_000)).acquired).toBe(true);
    });

    it('lets another holder take an expired lease, after which the first cannot renew it', async () => {
      const first = await backend.acquireLease(model, holder('first'), 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await backend.acquireLease(model, holder('second'), 60_000);
      expect(second.acquired).toBe(true);
      if (!first.acquired) throw new Error('unreachable');
      expect(await backend.renewLease(model, first.leaseId, 60_000)).toBe(false);
    });

    it('keeps the journal in order, per run', async () => {
      await backend.appendJournal(model, [
        { runId: 'r1', kind: 'run-start' },
        { runId: 'r1', kind: 'step-start', changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } },
      ]);
      await backend.appendJournal(model, [{ runId: 'r2', kind: 'run-start' }, { runId: 'r1', kind: 'step-done', changeId: 'config-app', unit: 'app/0' }]);
      const r1 = await backend.readJournal(model, { runId: 'r1' });
      expect(r1.map((e) => e.kind)).toEqual(['run-start', 'step-start', 'step-done']);
      expect(r1[1]).toMatchObject({ changeId: 'config-app', unit: 'app/0', data: { options: { a: 1 } } });
      expect(r1[0].seq).toBeLessThan(r1[2].seq);
      expect((await backend.readJournal(model, { limit: 2 })).map((e) => `${e.runId}:${e.kind}`)).toEqual(['r2:run-start', 'r1:step-done']);
    });

    it('records the open generation, and units keep their tracking when it closes', async () => {
      await apply(deploy('app', { charm: 'ubuntu', num_units: 2, options: { a: 1 } }));
      await backend.setGeneration(model, { name: 'next', applications: { app: { options: { a: 2 } } } });
      await backend.applyUnitChange(model, 'app/0', { options: { a: 2 }, generation: 'next' });
      let live = await backend.readModel(model);
      expect(live.generation).toMatchObject({ name: 'next', applications: { app: { options: { a: 2 } } } });
      expect(live.applications.app.units['app/0']).toMatchObject({ generation: 'next', applied: { options: { a: 2 } } });
      expect(live.applications.app.units['app/1'].generation).toBeNull();
      await backend.setGeneration(model, null);
      live = await backend.readModel(model);
      expect(live.generation).toBeNull();
      expect(live.applications.app.units['app/0'].generation).toBe('next');
    });
  });
}
