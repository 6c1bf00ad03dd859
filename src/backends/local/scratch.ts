import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from '../../controller/agent/agent.js';
import { openStore } from '../../controller/store/open-store.js';
import type { CharmInfo, LiveModel } from '../../model/live.js';
import { LocalBackend } from './local-backend.js';
import { SimulatedCatalogue } from './simulated-catalogue.js';

export interface ScratchController {
  backend: LocalBackend;
  /** Stops the agent and removes every file the scratch controller made. */
  close(): Promise<void>;
}

/**
 * A throwaway embedded controller in a temporary folder, in this process, whose units are all
 * simulated (no process; each takes `restartMs` to settle after a change): where a rehearsal
 * runs a real model's plan without touching anything real.
 */
export function openScratchController(opts: { restartMs: number; live: LiveModel; charmDirs?: string[] }): ScratchController {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-rehearse-'));
  const known: Record<string, CharmInfo> = {};
  for (const [name, app] of Object.entries(opts.live.applications)) known[name] = app.charmInfo ?? inferCharmInfo(opts.live, name);
  const store = openStore(path.join(dir, 'controller.db'));
  const catalogue = new SimulatedCatalogue(opts.restartMs, known, opts.charmDirs);
  const agent = new Agent({ store, catalogue, dir, tickMs: 20 });
  const backend = new LocalBackend({ store, catalogue, agent, controllerName: opts.live.controller, dir });
  return {
    backend,
    async close() {
      await agent.stop({ stopUnits: true });
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a live model says of a charm it has no metadata for: its options' types and values, the endpoints its relations use. */
function inferCharmInfo(live: LiveModel, application: string): CharmInfo {
  const app = live.applications[application];
  const config: CharmInfo['config'] = {};
  for (const [key, option] of Object.entries(app.options)) {
    const v = option.value;
    const type = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'string';
    config[key] = { type, ...(option.source === 'default' ? { default: v } : {}) };
  }
  const endpoints: CharmInfo['endpoints'] = {};
  for (const relation of live.relations) {
    for (const e of relation.endpoints) {
      if (e.application === application && e.endpoint) endpoints[e.endpoint] = { interface: e.interface ?? relation.interface ?? e.endpoint, role: e.role ?? 'provider' };
    }
  }
  return { name: app.charm.replace(/^local:/, ''), subordinate: app.subordinate, endpoints, config, hasWorkload: false };
}
