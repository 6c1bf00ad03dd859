import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransfer, type ModelTransfer } from '../../src/backends/transfer.js';
import type { ModelBackend } from '../../src/backends/backend.js';
import { migrateModel, type MigrationPhase } from '../../src/migrate/migrate.js';
import { exportModel } from '../../src/migrate/export-model.js';
import type { LiveModel } from '../../src/model/live.js';
import { buildPlan } from '../../src/plan/index.js';
import { formatStatusTable } from '../../src/cli/views/status-table.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

const charms = path.resolve(import.meta.dirname, '../apply/fixtures/charms');
type Transfer = ModelBackend & ModelTransfer;
const holder = { host: 'test', pid: process.pid, since: new Date(0).toISOString(), purpose: 'migrate test' };
const snapshot = (live: LiveModel) => exportModel(live, { exportedAt: 'x', kind: 'local', isSecret: () => false, revealSecrets: true });

function transfer(backend: ModelBackend): Transfer {
  if (!canTransfer(backend)) throw new Error('the local backend transfers models');
  return backend;
}

async function deploy(backend: ModelBackend, model: string): Promise<void> {
  await backend.addModel(model);
  const desired = {
    applications: {
      app: { charm: path.join(charms, 'sim'), num_units: 3, options: { label: 'v1', api_token: 'tok-not-shown' } },
      other: { charm: path.join(charms, 'sim'), num_units: 1 },
    },
    relations: [] as [string, string][],
  };
  const plan = buildPlan({ capabilities: backend.capabilities, desired, live: await backend.readModel(model), model, controller: 'local', prune: false, now: new Date(0) });
  for (const change of plan.changes) await backend.applyChange(model, change);
  await backend.waitForSettled(model, ['app/0', 'app/1', 'app/2', 'other/0'], { timeoutMs: 10_000 });
}

describe('a migration that fails at any phase leaves the source as it was and the target clean', () => {
  let source: TestController;
  let target: TestController;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestController({ charmDirs: [charms] }), startTestController({ charmDirs: [charms] })]);
  });
  afterAll(async () => Promise.all([source?.stop(), target?.stop()]));

  const phases: MigrationPhase[] = ['PRECHECK', 'QUIESCE', 'EXPORT', 'IMPORT', 'VALIDATION'];
  it.each(phases.map((p, i) => [p, i] as const))('an error injected as %s starts aborts, removes the copy and releases the lease', async (failAt, index) => {
    const model = `fault-${index}`;
    await deploy(source.backend, model);
    const before = snapshot(await source.backend.readModel(model));
    const seen: string[] = [];
    const result = await migrateModel({
      model, source: transfer(source.backend), runs: source.runs, target: transfer(target.backend), holder, dryRun: false,
      isSecret: () => false, now: () => new Date(), onPhase: (phase) => seen.push(phase), leaseTtlMs: 60_000,
      beforePhase: (phase) => {
        if (phase === failAt) throw new Error(`injected failure at ${phase}`);
      },
    });
    expect(result.outcome).toBe('aborted');
    expect(result.reason).toBe(`injected failure at ${failAt}`);
    expect(seen.slice(-2)).toEqual(['ABORT', 'ABORTDONE']);
    const after = await source.backend.readModel(model);
    expect(snapshot(after)).toEqual(before);
    expect(after.migration).toBeUndefined();
    expect((await target.backend.listModels()).map((m) => m.name)).not.toContain(model);
    expect(await transfer(target.backend).heldModels()).toEqual([]);
    const lease = await source.runs.acquireLease(model, holder, 1_000);
    expect(lease.acquired).toBe(true);
    if (lease.acquired) await source.runs.releaseLease(model, lease.fence);
  });

  it('aborts cleanly when the target refuses the import, and a second try then succeeds', async () => {
    const model = 'refused';
    await deploy(source.backend, model);
    await target.backend.addModel(model);
    const first = await migrateModel({
      model, source: transfer(source.backend), runs: source.runs, target: transfer(target.backend), holder, dryRun: false,
      isSecret: () => false, now: () => new Date(), onPhase: () => undefined,
    });
    expect(first.outcome).toBe('aborted');
    expect(first.problems).toEqual([`model named "${model}" already exists on the target controller`]);
    await transfer(target.backend).removeModel(model, { keepWorkloads: false });
    const second = await migrateModel({
      model, source: transfer(source.backend), runs: source.runs, target: transfer(target.backend), holder, dryRun: false,
      isSecret: () => false, now: () => new Date(), onPhase: () => undefined,
    });
    expect(second.outcome).toBe('done');
  });

  it.each(['IMPORT', 'SUCCESS'] as const)('finishes a migration that died after %s when it is run again', async (diedAfter) => {
    const model = `died-after-${diedAfter.toLowerCase()}`;
    await deploy(source.backend, model);
    const before = snapshot(await source.backend.readModel(model));
    // What a migration killed at that point leaves: a copy on the target (held, or activated
    // with the source released), and a lease on the source that lapses by itself.
    const from = transfer(source.backend);
    const to = transfer(target.backend);
    await source.runs.acquireLease(model, { ...holder, pid: 999_999 }, 1);
    await to.importModel(exportModel(await source.backend.readModel(model), { exportedAt: 'x', kind: 'local', isSecret: () => false, revealSecrets: true }), await from.readWorkloadHandles(model));
    if (diedAfter === 'SUCCESS') {
      await from.releaseModel(model);
      await to.activateModel(model);
    }
    const notes: string[] = [];
    const result = await migrateModel({
      model, source: from, runs: source.runs, target: to, holder, dryRun: false,
      isSecret: () => false, now: () => new Date(), onPhase: (phase, message) => notes.push(`${phase} ${message}`),
    });
    expect(result.outcome, result.reason).toBe('done');
    expect(notes.join('\n')).toContain(diedAfter === 'IMPORT' ? 'removing the partial copy' : 'finishing it');
    expect((await source.backend.listModels()).map((m) => m.name)).not.toContain(model);
    expect(await to.heldModels()).toEqual([]);
    const after = snapshot(await target.backend.readModel(model));
    expect({ ...after, source: before.source }).toEqual(before);
  });

  it('moves the model when nothing fails: the target export equals the source export', async () => {
    const model = 'clean';
    await deploy(source.backend, model);
    const before = snapshot(await source.backend.readModel(model));
    const shown: string[] = [];
    const result = await migrateModel({
      model, source: transfer(source.backend), runs: source.runs, target: transfer(target.backend), holder, dryRun: false,
      isSecret: () => false, now: () => new Date(), onPhase: () => undefined,
      beforePhase: async (phase) => {
        if (phase === 'VALIDATION') {
          const live = await source.backend.readModel(model);
          shown.push(formatStatusTable(live, { now: new Date(0), version: '0', relations: false }).split('\n').slice(0, 2).join('\n'));
        }
      },
    });
    expect(result.outcome).toBe('done');
    expect(shown[0]).toMatch(/Notes\n.*migrating to local: import, importing into controller local/);
    expect(result.differences).toEqual([]);
    const after = snapshot(await target.backend.readModel(model));
    expect({ ...after, source: before.source }).toEqual(before);
    expect((await source.backend.listModels()).map((m) => m.name)).not.toContain(model);
  });
});
