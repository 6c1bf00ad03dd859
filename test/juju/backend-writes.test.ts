import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import type { Bundle } from '../../src/model/bundle.js';
import type { Change } from '../../src/model/change.js';
import { buildPlan } from '../../src/plan/index.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };
const change = (c: Record<string, unknown>) => ({ ...base, id: String(c.kind), ...c }) as Change;

describe.each(['3.6', '4.0'] as const)('the juju backend through the %s CLI emulator', (dialect) => {
  let sim: JujuSim;
  let backend: JujuBackend;
  let model = '';
  let n = 0;
  const argvs = () => sim.calls.map((c) => c.args);

  beforeAll(async () => {
    sim = await startJujuSim({ dialect });
    backend = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData });
  });
  afterAll(async () => sim?.stop());
  const fresh = async () => {
    model = `w${++n}`;
    await backend.addModel(model);
    sim.calls.length = 0;
  };

  it('detects the dialect from the model\'s agent version', async () => {
    await fresh();
    expect(await backend.dialect(model)).toBe(dialect);
  });

  it('deploys, configures and scales with one juju call per step, secrets through a private file', async () => {
    await fresh();
    await backend.applyChange(model, change({ kind: 'deploy', application: 'db', spec: { charm: 'mysql', channel: '8.0/stable', revision: 42, num_units: 2, options: { 'max-connections': 200, 'root-password': 's3cret' } } }));
    await backend.applyChange(model, change({ kind: 'config', application: 'db', set: { 'max-connections': 300 }, unset: ['root-password'], from: {} }));
    await backend.applyChange(model, change({ kind: 'scale', application: 'db', units: 3, from: 2 }));
    await backend.readModel(model);
    await backend.applyChange(model, change({ kind: 'scale', application: 'db', units: 1, from: 3 }));
    const live = await backend.readModel(model);
    expect(live.applications.db).toMatchObject({ charm: 'mysql', channel: '8.0/stable', revision: 42, scale: 1 });
    expect(live.applications.db.options).toEqual({ 'max-connections': { value: 300, source: 'user' } });
    expect(Object.keys(live.applications.db.units)).toEqual(['db/0']);
    const writes = argvs().filter((a) => !['status', 'config', 'offers', 'show-model', 'show-application'].includes(a[0]) || a.length > 5 && a[0] === 'config');
    expect(writes[0]).toEqual(['deploy', '-m', `sim:${model}`, 'mysql', 'db', '--channel', '8.0/stable', '--revision', '42', '-n', '2', '--config', 'max-connections=200', '--config', expect.stringMatching(/config\.yaml$/)]);
    expect(argvs().flat().join(' ')).not.toContain('s3cret');
    expect(writes).toContainEqual(['config', '-m', `sim:${model}`, 'db', 'max-connections=300', '--reset', 'root-password']);
    expect(writes).toContainEqual(['add-unit', '-m', `sim:${model}`, 'db', '-n', '1']);
    expect(writes).toContainEqual(['remove-unit', '-m', `sim:${model}`, '--no-prompt', 'db/1', 'db/2']);
  });

  it('checks options against the live charm\'s schema before sending anything', async () => {
    await fresh();
    await backend.applyChange(model, change({ kind: 'deploy', application: 'app', spec: { charm: 'local:appserver', num_units: 0 } }));
    await backend.readModel(model);
    const before = sim.calls.length;
    await expect(backend.applyChange(model, change({ kind: 'config', application: 'app', set: { build_lable: 'v2', port: 'eighty' }, unset: [], from: {} }))).rejects.toMatchObject({
      code: 'option-invalid',
      message: expect.stringMatching(/build_lable is not an option.*port must be int/),
    });
    expect(sim.calls.length).toBe(before);
  });

  it('relates, exposes, constrains, offers with grants, and removes again', async () => {
    await fresh();
    for (const app of ['wordpress', 'mysql']) await backend.applyChange(model, change({ kind: 'deploy', application: app, spec: { charm: app, num_units: 1 } }));
    await backend.applyChange(model, change({ kind: 'relate', endpoints: ['wordpress:db', 'mysql:db'] }));
    await backend.applyChange(model, change({ kind: 'expose', application: 'wordpress', expose: true }));
    await backend.applyChange(model, change({ kind: 'update-application', application: 'mysql', field: 'constraints', value: 'mem=4G', from: undefined }));
    await backend.applyChange(model, change({ kind: 'offer', application: 'mysql', offer: 'db', endpoints: ['db'] }));
    await backend.applyChange(model, change({ kind: 'grant', offer: 'db', user: 'bob', access: 'consume' }));
    let live = await backend.readModel(model);
    expect(live.relations.map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`).sort())).toEqual([['mysql:db', 'wordpress:db']]);
    expect(live.applications.wordpress.expose).toBe(true);
    expect(live.offers.db).toMatchObject({ application: 'mysql', endpoints: ['db'], acl: { admin: 'admin', bob: 'consume', 'everyone@external': 'read' } });

    const consumer = `${model}-consumer`;
    await backend.addModel(consumer);
    await backend.applyChange(consumer, change({ kind: 'consume', saas: 'mysql', url: live.offers.db.url }));
    expect((await backend.readModel(consumer)).saas.mysql.url).toBe(live.offers.db.url);
    await backend.applyChange(consumer, change({ kind: 'remove-saas', saas: 'mysql' }));

    await backend.applyChange(model, change({ kind: 'revoke', offer: 'db', user: 'bob', access: 'consume' }));
    await backend.applyChange(model, change({ kind: 'remove-offer', offer: 'db' }));
    await backend.applyChange(model, change({ kind: 'unrelate', endpoints: ['wordpress:db', 'mysql:db'] }));
    await backend.applyChange(model, change({ kind: 'expose', application: 'wordpress', expose: false }));
    await backend.applyChange(model, change({ kind: 'remove-application', application: 'wordpress' }));
    live = await backend.readModel(model);
    expect(Object.keys(live.applications)).toEqual(['mysql']);
    expect(live.offers).toEqual({});
    expect(live.relations).toEqual([]);
    expect(argvs()).toContainEqual(['offer', '-c', 'sim', `${model}.mysql:db`, 'db']);
    expect(argvs()).toContainEqual(['set-constraints', '-m', `sim:${model}`, 'mysql', 'mem=4G']);
  });

  it('reports an unknown model and an unknown application with stable codes', async () => {
    await expect(backend.readModel('no-such-model')).rejects.toMatchObject({ code: 'model-not-found' });
    await fresh();
    await expect(backend.applyChange(model, change({ kind: 'expose', application: 'ghost', expose: true }))).rejects.toMatchObject({ code: 'application-not-found' });
  });

  it('reads a model in 3 calls plus one per application, and offers only when status lists some', async () => {
    await fresh();
    for (const app of ['a', 'b', 'c']) await backend.applyChange(model, change({ kind: 'deploy', application: app, spec: { charm: 'ubuntu', num_units: 1 } }));
    const reader = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData });
    sim.calls.length = 0;
    await reader.readModel(model);
    expect(sim.calls.map((c) => c.args[0]).sort()).toEqual(['config', 'config', 'config', 'show-application', 'show-model', 'status']);
    expect(argvs()).toContainEqual(['show-application', '-m', `sim:${model}`, 'a', 'b', 'c', '--format', 'json']);
    await backend.applyChange(model, change({ kind: 'offer', application: 'a', offer: 'a', endpoints: ['juju-info'] }));
    sim.calls.length = 0;
    await reader.readModel(model);
    expect(sim.calls.map((c) => c.args[0]).sort()).toEqual(['config', 'config', 'config', 'offers', 'show-application', 'status']);
  });

  it('reads constraints back as Juju writes them, so a plan changes only those that differ as Juju compares them', async () => {
    await fresh();
    await backend.applyChange(model, change({ kind: 'deploy', application: 'db', spec: { charm: 'mysql', num_units: 1, constraints: 'mem=4G cores=2' } }));
    await backend.applyChange(model, change({ kind: 'deploy', application: 'web', spec: { charm: 'ubuntu', num_units: 1, constraints: 'arch=amd64' } }));
    await backend.applyChange(model, change({ kind: 'deploy', application: 'free', spec: { charm: 'ubuntu', num_units: 1 } }));
    const live = await backend.readModel(model);
    expect(live.applications.db.constraints).toBe('cores=2 mem=4096M');
    expect(live.applications.free.constraints).toBeUndefined();
    const desired: Bundle = {
      applications: {
        db: { charm: 'mysql', num_units: 1, constraints: 'cpu-cores=2 mem=4096M' },
        web: { charm: 'ubuntu', num_units: 1, constraints: 'arch=arm64' },
        free: { charm: 'ubuntu', num_units: 1 },
      },
      relations: [],
    };
    const plan = buildPlan({ capabilities: backend.capabilities, desired, live, model, controller: sim.controller, prune: false, now: new Date() });
    expect(plan.changes.map((c) => c.id)).toEqual(['update-web-constraints']);
  });
});
