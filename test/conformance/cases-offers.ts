import { expect } from 'vitest';
import { change, charms, deploy, relate, unitNames } from './fixtures.js';
import type { SuiteContext } from './suite.js';

/** Cross-model offers and commands on units, each where the backend declares it can. */
export function offerAndExecCases(t: SuiteContext): void {
  t.gated('[offers] offers an endpoint with access, and another model consumes and relates to it', (caps) => (caps.offers ? undefined : 'the backend has no cross-model offers'), async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1 }));
    await t.apply(change('offer', { application: 'db', offer: 'shared-db', endpoints: ['db'] }));
    await t.apply(change('grant', { offer: 'shared-db', user: 'bob', access: 'consume' }));
    const offer = (await t.backend.readModel(t.model)).offers['shared-db'];
    // The owner is whoever the controller says created the offer; the URL names it and the model.
    expect(offer).toMatchObject({ application: 'db', endpoints: ['db'], url: expect.stringMatching(new RegExp(`^${t.backend.controllerName}:[^/:]+/${t.model}\\.shared-db$`)) });
    expect(offer.acl.bob).toBe('consume');
    expect(Object.values(offer.acl)).toContain('admin');

    const consumer = await t.newModel();
    await t.backend.applyChange(consumer, change('consume', { saas: 'shared-db', url: offer.url }));
    await t.backend.applyChange(consumer, deploy('app', { charm: charms.app, num_units: 1 }));
    await t.backend.applyChange(consumer, relate('app:db', 'shared-db:db'));
    const consuming = await t.backend.readModel(consumer);
    expect(consuming.saas['shared-db']).toMatchObject({ url: offer.url });
    const connections = (await t.backend.readModel(t.model)).offers['shared-db'].connections;
    expect(connections).toMatchObject([{ endpoint: 'db' }]);
    // Controllers name the consuming model by name or by uuid (`juju offers` gives the uuid).
    expect([consumer, consuming.uuid]).toContain(connections[0].sourceModel);
    await expect(t.backend.applyChange(t.model, change('grant', { offer: 'nothing', user: 'bob', access: 'read' }))).rejects.toMatchObject({ code: 'offer-not-found' });
  });

  t.gated('[offers] removes an offer with its grants', (caps) => (caps.offers ? undefined : 'the backend has no cross-model offers'), async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 1 }));
    await t.apply(change('offer', { application: 'db', offer: 'shared-db', endpoints: ['db'] }));
    await t.apply(change('remove-offer', { offer: 'shared-db' }));
    expect((await t.backend.readModel(t.model)).offers).toEqual({});
  });

  t.gated('[exec] runs a command on a unit and answers with its exit code and output', (caps) => (caps.exec ? undefined : 'the backend runs no command on a unit'), async () => {
    await t.apply(deploy('db', { charm: charms.db, num_units: 2 }));
    const [unit] = unitNames((await t.backend.readModel(t.model)).applications.db);
    const exec = (u: string, command: string) => t.backend.exec(t.model, u, command, { timeoutMs: 30_000 });
    await expect(exec(unit, 'echo "unit $JUJU_UNIT_NAME"')).resolves.toMatchObject({ exitCode: 0, stdout: `unit ${unit}\n` });
    await expect(exec(unit, 'echo broken >&2; exit 3')).resolves.toMatchObject({ exitCode: 3, stderr: 'broken\n' });
    await expect(exec('db/99', 'true')).rejects.toMatchObject({ code: 'unit-not-found' });
  });
}
