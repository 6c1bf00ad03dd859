import { describe, expect, it } from 'vitest';
import { heldRefreshView } from '../../src/backends/juju/held-refresh.js';
import { parseStatus } from '../../src/backends/juju/parse-status.js';
import type { RawStatus } from '../../src/backends/juju/status-types.js';
import type { LiveGeneration, LiveModel } from '../../src/model/live.js';
import { applicationDrift } from '../../src/plan/unit-drift.js';

/** A Juju model whose `db` Juju reports at `rev`, its units carrying the `upgrading-from` given. */
function live(rev: number, units: Record<string, string | undefined>): LiveModel {
  const raw: RawStatus = {
    model: { name: 'm', type: 'iaas', controller: 'c' },
    applications: {
      db: {
        charm: 'postgresql', 'charm-origin': 'charmhub', 'charm-name': 'postgresql', 'charm-rev': rev, 'charm-channel': '16/stable',
        units: Object.fromEntries(Object.entries(units).map(([n, from]) => [n, { 'workload-status': { current: 'active' }, 'juju-status': { current: 'idle' }, ...(from ? { 'upgrading-from': from } : {}) }])),
      },
    },
  };
  const snapshot = parseStatus(raw);
  return { name: 'm', uuid: 'u', type: 'iaas', controller: 'c', applications: snapshot.applications, machines: {}, relations: [], offers: {}, saas: {}, generation: null };
}
const generation: LiveGeneration = { name: 'pg-430', createdAt: '2026-01-01T00:00:00Z', applications: { db: { revision: 430 } } };
const old = 'ch:amd64/postgresql-429';
const tracking = (m: LiveModel) => Object.values(m.applications.db.units).map((u) => `${u.name}:${u.generation ?? '-'}:${u.applied.revision}`);

describe('a refresh held part-way, read as a generation', () => {
  it('shows the application at the held units\' revision and the refreshed units on the generation', () => {
    const view = heldRefreshView(live(430, { 'db/0': old, 'db/1': old, 'db/2': undefined }), generation);
    expect(view.generation).toEqual(generation);
    expect(view.applications.db).toMatchObject({ revision: 429, channel: '16/stable' });
    expect(tracking(view)).toEqual(['db/0:-:429', 'db/1:-:429', 'db/2:pg-430:430']);
    // Neither the held units nor the refreshed one are drift.
    expect(applicationDrift(view, view.applications.db)).toEqual([]);
  });

  it.each([
    ['no unit refreshed yet (Juju still at the old revision)', live(429, { 'db/0': undefined, 'db/1': undefined }), ['db/0:-:429', 'db/1:-:429'], 429],
    ['every unit refreshed: the revision before can no longer be read', live(430, { 'db/0': undefined, 'db/1': undefined }), ['db/0:-:430', 'db/1:-:430'], 430],
    ['units held on two revisions: none is the application\'s', live(430, { 'db/0': 'ch:amd64/postgresql-428', 'db/1': old, 'db/2': undefined }), ['db/0:-:428', 'db/1:-:429', 'db/2:-:430'], 430],
  ])('leaves the application as Juju reports it with %s', (_what, model, units, revision) => {
    const view = heldRefreshView(model, generation);
    expect(tracking(view)).toEqual(units);
    expect(view.applications.db.revision).toBe(revision);
  });

  it('changes nothing without an open generation, and makes the held units drift then', () => {
    const model = live(430, { 'db/0': old, 'db/1': undefined });
    expect(heldRefreshView(model, null)).toBe(model);
    expect(applicationDrift(model, model.applications.db).map((d) => d.unit)).toEqual(['db/0']);
  });
});
