import { expect } from 'vitest';
import { unitStagingOf } from '../../src/model/capabilities.js';
import { change, charms, deploy, settleTimeoutMs, staged, unitNames } from './fixtures.js';
import type { SuiteContext } from './suite.js';

/** Units: moving them one at a time where the backend stages units, settling, generations. */
export function unitCases(t: SuiteContext): void {
  const staging = (model: string) => unitStagingOf(t.backend.capabilities, model, staged.application).kind;
  const unless = (kinds: string[], why: string) => (_: unknown, model: string) => (kinds.includes(staging(model)) ? undefined : `unit staging is ${staging(model)}: ${why}`);
  // `app` is `staged.application`: the factory binds its unit strategy under that name.
  const deployApp = async (units: number) => {
    await t.apply(deploy(staged.application, { charm: charms.app, num_units: units, options: { label: 'v1' } }));
    return unitNames((await t.backend.readModel(t.model)).applications.app);
  };

  t.gated('[unit staging: native] moves one unit alone, and the application change after it leaves that unit untouched', unless(['native'], 'units cannot run config of their own'), async () => {
    const [first, moved, last] = await deployApp(3);
    await t.backend.applyUnitChange(t.model, moved, { options: { label: 'v2' } });
    let units = (await t.backend.readModel(t.model)).applications.app.units;
    expect(units[moved].applied.options).toEqual({ label: 'v2' });
    expect([units[first].applied.options, units[last].applied.options]).toEqual([{ label: 'v1' }, { label: 'v1' }]);
    const movedSince = units[moved].workload.since;
    await t.apply(change('config', { application: 'app', set: { label: 'v2' }, unset: [], from: { label: 'v1' } }));
    units = (await t.backend.readModel(t.model)).applications.app.units;
    expect(Object.values(units).map((u) => u.applied.options.label)).toEqual(['v2', 'v2', 'v2']);
    expect(units[moved].workload.since).toBe(movedSince);
  });

  t.gated('[unit staging: native or action] moves every unit, one at a time behind a settle wait, to the new config', unless(['native', 'action'], 'a change reaches every unit at once'), async () => {
    const units = await deployApp(3);
    for (const unit of units) {
      await t.backend.applyUnitChange(t.model, unit, { options: { label: 'v2' } });
      const settled = await t.backend.waitForSettled(t.model, [unit], { timeoutMs: settleTimeoutMs });
      expect(settled.settled, `${unit} settled`).toBe(true);
      expect(settled.units[0].applied.options).toEqual({ label: 'v2' });
    }
    await t.apply(change('config', { application: 'app', set: { label: 'v2' }, unset: [], from: { label: 'v1' } }));
    const app = (await t.backend.readModel(t.model)).applications.app;
    expect(app.options.label).toEqual({ value: 'v2', source: 'user' });
    expect(Object.values(app.units).map((u) => u.applied.options)).toEqual(units.map(() => ({ label: 'v2' })));
  });

  t.gated('[unit staging: none] a change to one unit reaches every unit of the application', unless(['none'], 'units move one at a time'), async () => {
    const units = await deployApp(2);
    await t.backend.applyUnitChange(t.model, units[0], { options: { label: 'v2' } });
    const app = (await t.backend.readModel(t.model)).applications.app;
    expect(app.options.label).toEqual({ value: 'v2', source: 'user' });
    expect(Object.values(app.units).map((u) => u.applied.options.label)).toEqual(['v2', 'v2']);
  });

  t.it('waits until units running a workload have settled, and names them all', async () => {
    await t.apply(deploy('web', { charm: charms.server, num_units: 2 }));
    const units = unitNames((await t.backend.readModel(t.model)).applications.web);
    const result = await t.backend.waitForSettled(t.model, units, { timeoutMs: settleTimeoutMs });
    expect(result.settled).toBe(true);
    expect(result.units.map((u) => u.name).sort()).toEqual([...units].sort());
    for (const unit of result.units) expect([unit.name, unit.agent.current, unit.workload.current]).toEqual([unit.name, 'idle', 'active']);
  });

  t.gated('[per-unit generations] records the open generation, and units keep their tracking when it closes', (caps) => (caps.perUnitGenerations ? undefined : 'the backend keeps no per-unit config'), async () => {
    const [tracking, other] = await deployApp(2);
    await t.backend.setGeneration(t.model, { name: 'next', applications: { app: { options: { label: 'v2' } } } });
    await t.backend.applyUnitChange(t.model, tracking, { options: { label: 'v2' }, generation: 'next' });
    let live = await t.backend.readModel(t.model);
    expect(live.generation).toMatchObject({ name: 'next', applications: { app: { options: { label: 'v2' } } } });
    expect(live.applications.app.units[tracking]).toMatchObject({ generation: 'next', applied: { options: { label: 'v2' } } });
    expect(live.applications.app.units[other].generation).toBeNull();
    await t.backend.setGeneration(t.model, null);
    live = await t.backend.readModel(t.model);
    expect(live.generation).toBeNull();
    expect(live.applications.app.units[tracking].generation).toBe('next');
  });

  t.gated('[no per-unit generations] refuses staged config it cannot keep per unit, changing nothing', (caps) => (caps.perUnitGenerations ? 'the backend keeps per-unit config' : undefined), async () => {
    const [unit] = await deployApp(1);
    await expect(t.backend.setGeneration(t.model, { name: 'next', applications: { app: { options: { label: 'v2' } } } })).rejects.toHaveProperty('code');
    await expect(t.backend.applyUnitChange(t.model, unit, { options: { label: 'v2' }, generation: 'next' })).rejects.toHaveProperty('code');
    expect((await t.backend.readModel(t.model)).applications.app.options.label).toEqual({ value: 'v1', source: 'user' });
  });
}
