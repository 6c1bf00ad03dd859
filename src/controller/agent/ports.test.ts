import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { assignUnitPort } from './ports.js';

const units = 100;

describe('assignUnitPort', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-ports-'));
    store = openStore(path.join(dir, 'store.db'));
    // What is tested is which ports are handed out, not that each one survives a power cut.
    store.db.pragma('synchronous = OFF');
    store.run(`INSERT INTO models (id, name, uuid, type, created_at) VALUES (1, 'm', 'u', 'iaas', '')`);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const addUnits = (deploy: number) => {
    for (let n = 0; n < units; n++) {
      store.run(
        `INSERT INTO units (model_id, application, number, address, workload, workload_since, agent, agent_since, applied) VALUES (1, ?, ?, '127.0.0.1', 'waiting', '', 'allocating', '', '{}')`,
        `app${deploy}`,
        n,
      );
    }
  };

  it('never gives two units the same port, in 50 deploys of 100 units none of which has bound its port yet', async () => {
    for (let deploy = 0; deploy < 50; deploy++) {
      addUnits(deploy);
      const ports = [];
      for (let n = 0; n < units; n++) ports.push(await assignUnitPort(store, { model_id: 1, application: `app${deploy}`, number: n }));
      expect(new Set(ports).size).toBe(units);
    }
    // Every port handed out is recorded, and no two units of the whole controller share one.
    expect(store.get<{ n: number }>('SELECT count(DISTINCT port) AS n FROM units')!.n).toBe(50 * units);
  });

  it('skips a port the kernel offers again while a unit that has it is not listening yet', async () => {
    addUnits(0);
    const offers = [41001, 41001, 41001, 41002];
    const pick = async () => offers.shift()!;
    expect(await assignUnitPort(store, { model_id: 1, application: 'app0', number: 0 }, pick)).toBe(41001);
    expect(await assignUnitPort(store, { model_id: 1, application: 'app0', number: 1 }, pick)).toBe(41002);
    expect(store.all('SELECT number, port FROM units WHERE port IS NOT NULL ORDER BY number')).toEqual([
      { number: 0, port: 41001 },
      { number: 1, port: 41002 },
    ]);
  });

  it('keeps a port for the unit that already holds it', async () => {
    addUnits(0);
    store.run('UPDATE units SET port = 41005 WHERE number = 0');
    expect(await assignUnitPort(store, { model_id: 1, application: 'app0', number: 0 }, async () => 41005)).toBe(41005);
  });
});
