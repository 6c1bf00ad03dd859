import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetRepo, type PresetRepo } from './preset-repo.js';

/**
 * The whole life of a staged charm revision on a Juju controller, through the CLI and the
 * emulator's data-platform charm: staged, set on the highest unit, reconciled (the charm
 * refreshes that unit and holds the others), read back unchanged by the plan, committed, and
 * the units held back moved by the next apply through the unit strategy.
 */
describe('a generation staging a charm revision on a Juju controller, end to end', () => {
  let repo: PresetRepo;
  const ok = async (args: string[]) => {
    const run = await repo.cli(args);
    expect(run.code, `${args.join(' ')}\n${run.out}${run.err}`).toBe(0);
    return run;
  };
  const revisions = async () => Object.fromEntries(Object.entries(await repo.unitsRun()).map(([u, r]) => [u, r.revision]));

  beforeAll(async () => {
    repo = await presetRepo({
      dialect: '4.0', application: 'db', strategy: 'data-platform-refresh',
      spec: { charm: 'local:data-platform-db', revision: 1, num_units: 3, options: { 'pause-after-unit-refresh': 'all' } },
    });
    await ok(['apply', '--model', 'cloud']);
  }, 120_000);
  afterAll(async () => repo?.stop());

  it('moves the chosen unit only, and commits the revision for the rest', { timeout: 120_000 }, async () => {
    await ok(['generation', 'add', '--model', 'cloud', '--name', 'db-2', '--commit']);
    await ok(['generation', 'refresh', 'db', '--revision', '2', '--model', 'cloud', '--commit']);
    const wrong = await repo.cli(['generation', 'set', 'db/0', '--model', 'cloud']);
    expect(wrong.err).toContain('error[generation-unit-order]: the charm of db refreshes its units highest number first (db/2, db/1, db/0), so db/0 cannot be unit 1 of the generation');
    const all = await repo.cli(['generation', 'set', 'db', '--model', 'cloud']);
    expect(all.err).toContain('error[generation-moves-every-unit]');
    await ok(['generation', 'set', 'db/2', '--model', 'cloud', '--commit']);

    const apply = await ok(['apply', '--model', 'cloud']);
    expect(apply.out).toContain('generation db-2: db/2 moved to it');
    expect(await revisions()).toEqual({ 'db/0': 1, 'db/1': 1, 'db/2': 2 });
    // Juju reports the application at 2 and the others upgrading from 1; read back, nothing is to do.
    const status = await repo.juju<{ applications: { db: { 'charm-rev': number; units: Record<string, { 'upgrading-from'?: string }> } } }>(['status', '-m', `${repo.sim.controller}:cloud`, '--format', 'json']);
    expect(status.applications.db['charm-rev']).toBe(2);
    expect(status.applications.db.units['db/0']['upgrading-from']).toBe('local:data-platform-db-1');
    expect((await repo.cli(['plan', '--model', 'cloud', '--exit-code'])).code).toBe(0);
    const progress = await ok(['generation', 'status', '--model', 'cloud']);
    expect(progress.out).toMatch(/db\s+1\/3/);
    expect((await ok(['apply', '--model', 'cloud'])).out).not.toContain('moved to it');

    await ok(['generation', 'commit', '--model', 'cloud', '--commit']);
    const mark = repo.sim.calls.length;
    await ok(['apply', '--model', 'cloud']);
    expect(repo.actionsSince(mark)).toEqual(['db/1 resume-refresh', 'db/0 resume-refresh']);
    expect(await revisions()).toEqual({ 'db/0': 2, 'db/1': 2, 'db/2': 2 });
  });
});
