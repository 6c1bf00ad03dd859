import fs from 'node:fs';
import path from 'node:path';
import { LocalBackend } from './local-backend.js';
import { Agent } from '../../controller/agent/agent.js';
import { processStartTime, writeFileAtomically } from '../../controller/agent/processes.js';
import { startApiServer, type ApiServer, type ControllerStatus } from './api/server.js';
import { ensureToken } from '../../controller/token.js';
import { CharmCatalogue } from '../../controller/charms/catalogue.js';
import { controllerPaths, ensureControllerDir, type ControllerPaths } from '../../controller/controller-dir.js';
import { openStore } from '../../controller/store/open-store.js';
import type { Store } from '../../controller/store/store.js';

export interface StartControllerOptions {
  dir: string;
  /** Folders holding charm folders (or charm folders themselves), for `local:NAME` charms. */
  charmDirs?: string[];
  /** API port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  controllerName?: string;
  /** Called once the controller has stopped because an API client asked it to. */
  onShutdown?: () => void;
  /** The controller's log (the daemon's controller.log): workload restarts and give-ups. */
  log?: (line: string) => void;
}

/** The contents of `api.json`, beside the store: how clients find a running controller. */
export interface ApiInfo {
  address: string;
  pid: number;
  /** The kernel's start time of `pid`, so a reused pid is not taken for this controller. */
  pidStart?: string;
  started: string;
}

export interface RunningController {
  dir: string;
  url: string;
  paths: ControllerPaths;
  store: Store;
  backend: LocalBackend;
  status(): Promise<ControllerStatus>;
  /** Requests its API has received since it started. */
  apiRequests(): number;
  /** Stops the API and the agent; unit processes too unless `stopUnits` is false. Idempotent. */
  stop(opts?: { stopUnits?: boolean }): Promise<void>;
  /** Resolves when the controller has stopped, whoever stopped it. */
  stopped: Promise<void>;
}

/**
 * Starts the embedded controller on a directory: opens (and locks) the store, adopts or starts
 * unit processes, and serves the API. The daemon (`controller start`) and the in-process test
 * controller are both this.
 */
export async function startController(opts: StartControllerOptions): Promise<RunningController> {
  const paths = controllerPaths(path.resolve(opts.dir));
  const { created } = ensureControllerDir(paths.dir);
  // The token is written at every start: without it, no controller ever ran here.
  const store = openStore(paths.store, { fresh: created || !fs.existsSync(paths.token) });
  const catalogue = new CharmCatalogue(opts.charmDirs ?? [path.join(paths.dir, 'charms')]);
  const agent = new Agent({ store, catalogue, dir: paths.dir, log: opts.log });
  const backend = new LocalBackend({ store, catalogue, agent, controllerName: opts.controllerName, dir: paths.dir });
  const token = ensureToken(paths.token);
  const started = new Date();
  let server: ApiServer | undefined;
  let stopping: Promise<void> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));

  const status = async (): Promise<ControllerStatus> => ({
    address: server?.url ?? '',
    pid: process.pid,
    started: started.toISOString(),
    uptimeSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    store: paths.store,
    dir: paths.dir,
    models: await backend.listModels(),
  });
  const stop = (stopOpts: { stopUnits?: boolean } = {}): Promise<void> => {
    stopping ??= (async () => {
      // Clients stop finding it before it stops answering.
      removeApiInfo(paths.api, process.pid);
      await server?.close();
      await agent.stop({ stopUnits: stopOpts.stopUnits !== false });
      store.close();
      markStopped();
    })();
    return stopping;
  };

  try {
    await agent.start();
    server = await startApiServer({
      token,
      backend,
      status,
      port: opts.port,
      onShutdown: (o) => void stop(o).then(() => opts.onShutdown?.()),
    });
  } catch (error) {
    await stop({ stopUnits: false });
    throw error;
  }
  const info: ApiInfo = { address: server.url, pid: process.pid, pidStart: processStartTime(process.pid), started: started.toISOString() };
  writeFileAtomically(paths.api, `${JSON.stringify(info, null, 2)}\n`);
  const api = server;
  return { dir: paths.dir, url: server.url, paths, store, backend, status, apiRequests: () => api.requests, stop, stopped };
}

/** Removes api.json only when it still describes this process (a newer controller may own it). */
function removeApiInfo(file: string, pid: number): void {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as ApiInfo;
    if (info.pid === pid) fs.rmSync(file, { force: true });
  } catch {
    // Absent or unreadable: nothing of ours to remove.
  }
}
