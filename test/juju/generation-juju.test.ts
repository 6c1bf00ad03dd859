import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import type { Bundle } from '../../src/model/bundle.js';
import type { Change } from '../../src/model/change.js';
import type { GenerationFile } from '../../src/generations/file.js';
import { planGenerationMoves } from '../../src/generations/moves.js';
import { healChanges } from '../../src/plan/unit-drift.js';
import { dispatch } from '../juju-sim/sim-server.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

const base = { classification: 'restart' as const, description: '', requires: [] as string[] };
const change = (c: Record<string, unknown>) => ({ ...base, id: String(c.kind), ...c }) as Change;
const desired = { applications: { db: { charm: 'local:data-platform-db' } } } as unknown as Bundle;

/**
 * A staged charm revision on Juju, where the charm holds the refresh: the emulator's
 * data-platform charm refreshes its highest unit by itself after `juju refresh`, then one unit
 * per `resume-refresh` (pause-after-unit-refresh=all). The generation's units move, the rest stay
 * on the old revision, and the model read back says exactly that.
 */
describe.each(['3.6', '4.0'] as const)('a staged charm revision on Juju through the %s CLI emulator', (dialect) => {
  let sim: JujuSim;
  let backend: JujuBackend;
  let repo: string;
  const generation = (targets: string[]): GenerationFile => ({ name: 'pg-2', created: '2026-01-01T00:00:00Z', applications: { db: { revision: 2 } }, targets });
  const writeGeneration = (g: GenerationFile | null) => {
    const file = path.join(repo, 'generations', 'm.yaml');
    if (!g) return fs.rmSync(file, { force: true });
    fs.writeFileSync(file, `name: ${g.name}\ncreated: "${g.created}"\napplications:\n  db:\n    revision: 2\ntargets: [${g.targets.join(', ')}]\n`);
  };
  const moveAll = async (g: GenerationFile) => {
    const moves = planGenerationMoves({ generation: g, desired, live: await backend.readModel('m') });
    for (const move of moves) await backend.applyUnitChange('m', move.unit, move.target);
    return moves.map((m) => m.unit);
  };
  const units = async () => Object.values((await backend.readModel('m')).applications.db.units).map((u) => `${u.name} r${u.applied.revision} ${u.generation ?? '-'}`);
  const rawUnits = async () => {
    const ctx = { backend: sim.embedded.backend, controller: sim.controller, dialect, charmDirs: sim.charmDirs, env: {}, now: () => new Date(), nextTaskId: () => 1 };
    const out = JSON.parse((await dispatch(ctx, ['status', '-m', `${sim.controller}:m`, '--format', 'json'])).stdout) as { applications: { db: { 'charm-rev': number; units: Record<string, { 'upgrading-from'?: string }> } } };
    return { rev: out.applications.db['charm-rev'], from: Object.fromEntries(Object.entries(out.applications.db.units).map(([n, u]) => [n, u['upgrading-from'] ?? null])) };
  };

  beforeAll(async () => {
    sim = await startJujuSim({ dialect });
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gen-'));
    fs.mkdirSync(path.join(repo, 'generations'));
    backend = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData, repoRoot: repo, models: { m: { model: 'm', applications: { db: 'data-platform-refresh' } } } });
    await sim.embedded.backend.addModel('m');
    await sim.embedded.backend.applyChange('m', change({ kind: 'deploy', application: 'db', spec: { charm: 'local:data-platform-db', revision: 1, num_units: 3, options: { 'pause-after-unit-refresh': 'all' } } }));
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('moves the generation\'s units, highest first, and leaves the others on the old revision', async () => {
    const g = generation(['db/2', 'db/1']);
    writeGeneration(g);
    expect(await units()).toEqual(['db/0 r1 -', 'db/1 r1 -', 'db/2 r1 -']);
    sim.calls.length = 0;
    expect(await moveAll(g)).toEqual(['db/2', 'db/1']);
    const writes = sim.calls.map((c) => c.args).filter((a) => a[0] === 'refresh' || a[0] === 'run').map((a) => a.filter((x) => !x.startsWith('-') && x !== `${sim.controller}:m` && x !== 'json').join(' '));
    expect(writes).toEqual(['run db/0 pre-refresh-check', 'refresh db 2', 'run db/1 resume-refresh']);
    // Juju: the application at revision 2, db/0 held on 1; read back as the generation.
    expect(await rawUnits()).toEqual({ rev: 2, from: { 'db/0': 'local:data-platform-db-1', 'db/1': null, 'db/2': null } });
    const live = await backend.readModel('m');
    expect(live.applications.db.revision).toBe(1);
    expect(live.generation?.name).toBe('pg-2');
    expect(await units()).toEqual(['db/0 r1 -', 'db/1 r2 pg-2', 'db/2 r2 pg-2']);
    // Nothing left to move, and neither the held unit nor the moved ones are drift.
    expect(await moveAll(g)).toEqual([]);
    expect(healChanges(live, [])).toEqual([]);
  });

  it('refuses to move the last unit on the old revision, or to take a moved unit back alone', async () => {
    const all = generation(['db/2', 'db/1', 'db/0']);
    writeGeneration(all);
    await expect(moveAll(all)).rejects.toMatchObject({ code: 'generation-moves-every-unit' });
    const fewer = generation(['db/2']);
    writeGeneration(fewer);
    await expect(moveAll(fewer)).rejects.toMatchObject({ code: 'juju-generation-no-return', message: expect.stringContaining('db/1 runs revision 2 of db') });
    expect((await rawUnits()).from).toEqual({ 'db/0': 'local:data-platform-db-1', 'db/1': null, 'db/2': null });
  });

  it('shows the held unit as drift once the generation is closed, so committing it moves the last unit', async () => {
    writeGeneration(null);
    const live = await backend.readModel('m');
    expect(live.generation).toBeNull();
    expect(live.applications.db.revision).toBe(2);
    expect(healChanges(live, [])).toMatchObject([{ application: 'db', units: [{ unit: 'db/0', from: { revision: 1 }, to: { revision: 2 } }] }]);
  });
});
