import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JujuDialect } from '../../src/backends/juju/dialect.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { serveSim, type SimCall } from './sim-server.js';

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
  /** Every call the emulator answered, in order. */
  calls: SimCall[];
  stop(): Promise<void>;
}

/**
 * An embedded controller and, in front of it, the `juju` CLI emulator speaking one dialect.
 * Stopping it stops both and removes every folder it made.
 */
export async function startJujuSim(opts: { dialect?: JujuDialect; controller?: string; charmDirs?: string[] } = {}): Promise<JujuSim> {
  const charmDirs = opts.charmDirs ?? [exampleCharms, simCharms];
  const embedded = await startTestController({ charmDirs });
  const jujuData = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-sim-data-'));
  const controller = opts.controller ?? 'sim';
  const dialect = opts.dialect ?? '3.6';
  const calls: SimCall[] = [];
  let task = 0;
  // Offer URLs name the controller the way `juju offers` does: by the name the client knows it by.
  const backend = embedded.backend instanceof LocalBackend ? embedded.backend.named(controller) : embedded.backend;
  const server = await serveSim(
    { backend, controller, dialect, charmDirs, now: () => new Date(), nextTaskId: () => ++task, cache: new Map() },
    (call) => calls.push(call),
  );
  fs.writeFileSync(path.join(jujuData, 'juju-sim.env'), `SIM_URL='${server.url}'\nSIM_TOKEN='${server.token}'\n`, { mode: 0o600 });
  return {
    command: simJuju,
    jujuData,
    controller,
    dialect,
    charmDirs,
    embedded,
    calls,
    stop: async () => {
      await server.close();
      await embedded.stop();
      fs.rmSync(jujuData, { recursive: true, force: true });
    },
  };
}
