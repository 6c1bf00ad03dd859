import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JujuDialect } from '../../src/backends/juju/dialect.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { serveSim, type SimCall } from './sim-server.js';
import type { SimController } from './controllers.js';
import type { ActionFault } from './sim-context.js';
import type { ModelBackend } from '../../src/backends/backend.js';
import { canTransfer, type ModelTransfer } from '../../src/backends/transfer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The emulated `juju` executable. */
export const simJuju = path.join(here, 'juju');
const exampleCharms = path.resolve(here, '../../examples/charms');
/** Charms only the emulator's tests use (a subordinate). */
const simCharms = path.join(here, 'charms');

export interface JujuSim {
  /** Path of the `juju` executable to run. */
  command: string;
  /** JUJU_DATA for it: the folder that says where the emulator listens. */
  jujuData: string;
  /** The controller name as `juju controllers` would show it. */
  controller: string;
  dialect: JujuDialect;
  /** Folders of the local charms the emulator knows. */
  charmDirs: string[];
  /** The embedded controller behind it (its in-process backend, for set-up and checks). */
  embedded: TestController;
  /** The other controllers the emulator answers for (`controllers` option), by name. */
  others: Record<string, TestController>;
  /** A fault the next `juju migrate` meets (`die-in-export`, as Juju's wrench), or none. */
  wrench?: string;
  /** Actions made to fail, by `unit action` (`keystone/1 openstack-upgrade`): `failed` by the charm, `error` raised. */
  faults: Map<string, ActionFault>;
  /** Every call the emulator answered, in order. */
  calls: SimCall[];
  stop(): Promise<void>;
}

/**
 * An embedded controller and, in front of it, the `juju` CLI emulator speaking one dialect.
 * Stopping it stops both and removes every folder it made.
 */
export async function startJujuSim(opts: { dialect?: JujuDialect; controller?: string; charmDirs?: string[]; controllers?: string[] } = {}): Promise<JujuSim> {
  const charmDirs = opts.charmDirs ?? [exampleCharms, simCharms];
  const [embedded, ...more] = await Promise.all([null, ...(opts.controllers ?? [])].map(() => startTestController({ charmDirs })));
  const others = Object.fromEntries((opts.controllers ?? []).map((name, i) => [name, more[i]]));
  const jujuData = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-sim-data-'));
  const controller = opts.controller ?? 'sim';
  const dialect = opts.dialect ?? '3.6';
  const calls: SimCall[] = [];
  const faults = new Map<string, ActionFault>();
  let task = 0;
  // Offer URLs name the controller the way `juju offers` does: by the name the client knows it by.
  const named = (tc: TestController, name: string) => transferable(tc.backend instanceof LocalBackend ? tc.backend.named(name) : tc.backend);
  const cache = new Map();
  const backend = named(embedded, controller);
  const known = new Map<string, SimController>([[controller, { backend, runs: embedded.runs, uuid: crypto.randomUUID(), cache }]]);
  for (const [name, tc] of Object.entries(others)) known.set(name, { backend: named(tc, name), runs: tc.runs, uuid: crypto.randomUUID(), cache: new Map() });
  const server = await serveSim(
    {
      backend, controller, dialect, charmDirs, now: () => new Date(), nextTaskId: () => ++task, cache,
      controllers: known, migrations: new Map(), modelConfig: new Map(), wrench: () => sim.wrench,
      unitState: new Map(), fault: (unit, action) => faults.get(`${unit} ${action}`),
    },
    (call) => calls.push(call),
  );
  fs.writeFileSync(path.join(jujuData, 'juju-sim.env'), `SIM_URL='${server.url}'\nSIM_TOKEN='${server.token}'\n`, { mode: 0o600 });
  const sim: JujuSim = {
    command: simJuju,
    jujuData,
    controller,
    dialect,
    charmDirs,
    embedded,
    others,
    calls,
    faults,
    stop: async () => {
      await server.close();
      await Promise.all([embedded, ...more].map((tc) => tc.stop()));
      fs.rmSync(jujuData, { recursive: true, force: true });
    },
  };
  return sim;
}

function transferable(backend: ModelBackend): ModelBackend & ModelTransfer {
  if (!canTransfer(backend)) throw new Error('the embedded controller behind the emulator transfers models');
  return backend;
}
