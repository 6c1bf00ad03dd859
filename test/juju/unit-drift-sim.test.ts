import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import type { Change } from '../../src/model/change.js';
import { healChanges } from '../../src/plan/unit-drift.js';
import { dispatch } from '../juju-sim/sim-server.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

const base = { classification: 'restart' as const, description: '', requires: [] as string[] };
const change = (c: Record<string, unknown>) => ({ ...base, id: String(c.kind), ...c }) as Change;
type RawUnits = Record<string, { 'upgrading-from'?: string }>;

/**
 * Units a charm holds on the old revision after `juju refresh` (the emulator's restartable
 * charm waits for its `restart` action, as the data-platform charms wait for `resume-refresh`):
 * `juju status` names their charm in `upgrading-from`, the backend reads them as running that
 * revision, and the plan's unit drift on Juju sees them.
 */
describe.each(['3.6', '4.0'] as const)('per-unit charm revisions through the %s CLI emulator', (dialect) => {
  let sim: JujuSim;
  let backend: JujuBackend;
  const status = async () => {
    const ctx = { backend: sim.embedded.backend, controller: sim.controller, dialect, charmDirs: sim.charmDirs, env: {}, now: () => new Date(), nextTaskId: () => 1 };
    const out = JSON.parse((await dispatch(ctx, ['status', '-m', `${sim.controller}:m`, '--format', 'json'])).stdout) as { applications: { api: { units: RawUnits } } };
    return out.applications.api.units;
  };

  beforeAll(async () => {
    sim = await startJujuSim({ dialect });
    backend = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData, models: { m: { model: 'm', applications: { api: { actions: ['restart'] } } } } });
    await sim.embedded.backend.addModel('m');
    await sim.embedded.backend.applyChange('m', change({ kind: 'deploy', application: 'api', spec: { charm: 'local:restartable', revision: 1, num_units: 3 } }));
    await backend.applyChange('m', change({ kind: 'refresh', application: 'api', to: { revision: 2 }, from: { charm: 'local:restartable', revision: 1 } }));
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('prints upgrading-from for each unit still on the old charm, as Juju does', async () => {
    expect(Object.fromEntries(Object.entries(await status()).map(([n, u]) => [n, u['upgrading-from']]))).toEqual({ 'api/0': 'local:restartable-1', 'api/1': 'local:restartable-1', 'api/2': 'local:restartable-1' });
  });

  it('reads the held units as running revision 1 under an application at 2, and plans to heal them', async () => {
    const live = await backend.readModel('m');
    expect(live.applications.api.revision).toBe(2);
    expect(Object.values(live.applications.api.units).map((u) => u.applied.revision)).toEqual([1, 1, 1]);
    const heals = healChanges(live, []);
    expect(heals).toMatchObject([{ kind: 'heal-units', application: 'api', units: [{ unit: 'api/0', from: { revision: 1 }, to: { revision: 2 } }, { unit: 'api/1' }, { unit: 'api/2' }] }]);
  });

  it('moves one unit with the strategy\'s action, after which that unit alone runs the application\'s revision', async () => {
    const live = await backend.readModel('m');
    await backend.applyUnitChange('m', 'api/1', { revision: 2, charm: live.applications.api.charm });
    expect((await status())['api/1']['upgrading-from']).toBeUndefined();
    const after = await backend.readModel('m');
    expect(Object.values(after.applications.api.units).map((u) => u.applied.revision)).toEqual([1, 2, 1]);
    expect(healChanges(after, [])[0]).toMatchObject({ units: [{ unit: 'api/0' }, { unit: 'api/2' }] });
    expect(sim.calls.map((c) => c.args).filter((a) => a[0] === 'run').map((a) => `${a[3]} ${a[4]}`)).toEqual(['api/1 restart']);
  });
});
