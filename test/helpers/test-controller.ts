import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelBackend } from '../../src/backends/backend.js';
import type { RunStore } from '../../src/backends/run-store.js';
import { startController } from '../../src/backends/local/start-controller.js';
import type { Store } from '../../src/controller/store/store.js';

export interface TestController {
  /** The controller directory (store, token, api.json, unit state). */
  dir: string;
  /** Environment for CLI commands run against this controller: `JUJU_GITOPS_HOME=dir`. */
  env: Record<string, string>;
  /** The API address, `http://127.0.0.1:PORT`. */
  url: string;
  /** The in-process local backend of this controller. */
  backend: ModelBackend;
  /** Requests its API has received so far. */
  apiRequests(): number;
  /** The controller's run store (leases, journals), in-process. */
  runs: RunStore;
  /** Its store, for tests that read the controller's event log. */
  store: Store;
  /** Stops every unit process and the API, and removes the directory. */
  stop(): Promise<void>;
}

const exampleCharms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/charms');

/**
 * The embedded controller, in-process, on a random port in a fresh temporary directory.
 * `local:appserver` and `local:haproxy` resolve to examples/charms unless `charmDirs` says otherwise.
 */
export async function startTestController(opts: { charmDirs?: string[] } = {}): Promise<TestController> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-controller-'));
  try {
    const controller = await startController({ dir, charmDirs: opts.charmDirs ?? [exampleCharms], port: 0 });
    return {
      dir,
      env: { JUJU_GITOPS_HOME: dir },
      url: controller.url,
      backend: controller.backend,
      apiRequests: () => controller.apiRequests(),
      runs: controller.backend.runs,
      store: controller.store,
      stop: async () => {
        await controller.stop({ stopUnits: true });
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
