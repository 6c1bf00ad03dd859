import { expect } from 'vitest';
import { canTransfer } from '../../src/backends/transfer.js';
import { compareExports } from '../../src/migrate/compare-exports.js';
import { exportModel } from '../../src/migrate/export-model.js';
import type { LiveModel } from '../../src/model/live.js';
import { change, charms, deploy, relate } from './fixtures.js';
import type { SuiteContext } from './suite.js';

/** Handing a model to another controller, where the backend declares it can. */
export function migrationCases(t: SuiteContext): void {
  const exported = (live: LiveModel, kind: 'local' | 'juju') => exportModel(live, { exportedAt: '2026-01-01T00:00:00.000Z', kind, isSecret: () => false, revealSecrets: true });

  t.gated(
    '[migration] a model exported from this controller is imported by another one unchanged',
    (caps) => (!caps.migration ? 'the backend hands no model to another controller' : canTransfer(t.backend) ? undefined : 'the backend migrates through its own command, not an export and import'),
    async () => {
      await t.apply(deploy('db', { charm: charms.db, num_units: 2, options: { 'max-connections': 250 } }));
      await t.apply(deploy('app', { charm: charms.app, num_units: 1, options: { label: 'v3' } }));
      await t.apply(relate('app:db', 'db:db'));
      await t.apply(change('offer', { application: 'db', offer: 'shared-db', endpoints: ['db'] }));
      const source = t.backend;
      const target = await t.anotherController();
      if (!canTransfer(source) || !canTransfer(target)) throw new Error('unreachable: gated on canTransfer');
      const doc = exported(await source.readModel(t.model), source.kind);
      await target.importModel(doc);
      expect((await target.listModels()).map((m) => m.name)).toContain(t.model);
      expect(compareExports(doc, exported(await target.readModel(t.model), target.kind))).toEqual([]);
    },
  );
}
