import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { jujuTime, toJujuStatus } from '../../src/cli/views/status-json.js';
import type { LiveApplication, LiveModel } from '../../src/model/live.js';
import type { SimContext } from './sim-context.js';
import { familyOf, familyStatus, heldGeneration } from './charm-families.js';

type Json = Record<string, unknown>;
const versions = { '3.6': '3.6.11', '4.0': '4.0.1' } as const;
const defaultBase = { name: 'ubuntu', channel: '22.04' };

export function agentVersion(ctx: SimContext): string {
  return versions[ctx.dialect];
}

/**
 * `juju status --format=json` as the chosen Juju release prints it: the embedded controller's
 * Juju-shaped status, plus what Juju always prints and the embedded controller does not keep
 * (a base, endpoint bindings to the default space, the time an application's status was set),
 * subordinate units nested under their principals, and the 4.0 drifts.
 */
export function statusJson(ctx: SimContext, live: LiveModel): Json {
  const status = toJujuStatus(live, { now: ctx.now(), version: agentVersion(ctx) }) as { applications: Record<string, Json>; machines: Record<string, Json> };
  for (const [name, app] of Object.entries(status.applications)) {
    const liveApp = live.applications[name];
    app.base ??= defaultBase;
    const since = latest(Object.values(liveApp.units).map((u) => u.workload.since));
    if (since) (app['application-status'] as Json).since ??= jujuTime(since);
    app['endpoint-bindings'] = Object.fromEntries(['', ...Object.keys(liveApp.charmInfo?.endpoints ?? {})].map((ep) => [ep, 'alpha']));
    if (liveApp.subordinate) delete app.units;
    const held = live.generation?.name === heldGeneration ? live.generation.applications[name] : undefined;
    // Juju gives every unit of a data-platform charm the new charm code at once (its
    // upgrade-charm hook runs everywhere); only the workload waits for the charm's own refresh,
    // which status tells in the unit's message alone.
    if (familyOf(ctx, liveApp) === 'data-platform') for (const unit of Object.values((app.units ?? {}) as Record<string, Json>)) delete unit['upgrading-from'];
    const charmSet = familyStatus(ctx, live.name, liveApp, held?.revision);
    if (charmSet.application) app['application-status'] = { ...(app['application-status'] as Json), ...charmSet.application };
    for (const [unit, status] of Object.entries(charmSet.units)) {
      const shown = (app.units as Record<string, Json>)[unit];
      if (shown) shown['workload-status'] = { ...(shown['workload-status'] as Json), ...status };
    }
  }
  nestSubordinates(ctx, live, status.applications);
  if (ctx.dialect === '4.0') {
    // Juju 4.0 drifts (juju/juju#21261, #22957): unit agents carry no `since`, machine agents a null version.
    for (const app of Object.values(status.applications)) {
      for (const unit of Object.values((app.units ?? {}) as Record<string, Json>)) {
        delete (unit['juju-status'] as Json).since;
        for (const sub of Object.values((unit.subordinates ?? {}) as Record<string, Json>)) delete (sub['juju-status'] as Json).since;
      }
    }
    for (const machine of Object.values(status.machines)) (machine['juju-status'] as Json).version = null;
  }
  return status;
}

/** Juju lists a subordinate's units under the principal units they ride on, one per principal unit. */
function nestSubordinates(ctx: SimContext, live: LiveModel, apps: Record<string, Json>): void {
  for (const sub of Object.values(live.applications).filter((a) => a.subordinate)) {
    const principals = live.relations
      .filter((r) => r.endpoints.some((e) => e.application === sub.name))
      .flatMap((r) => r.endpoints.filter((e) => e.application !== sub.name).map((e) => e.application))
      .filter((p) => live.applications[p] && !live.applications[p].subordinate);
    let number = 0;
    for (const principal of [...new Set(principals)].sort()) {
      for (const [unitName, unit] of Object.entries((apps[principal].units ?? {}) as Record<string, Json>)) {
        const liveUnit = live.applications[principal].units[unitName];
        const since = jujuTime(liveUnit.agent.since);
        const { ports, message } = simStatus(ctx, sub);
        ((unit.subordinates ??= {}) as Json)[`${sub.name}/${number}`] = {
          'workload-status': { current: 'active', ...(message ? { message } : {}), ...(since ? { since } : {}) },
          'juju-status': { current: 'idle', ...(since ? { since } : {}), version: agentVersion(ctx) },
          ...(number === 0 ? { leader: true } : {}),
          ...(ports.length ? { 'open-ports': ports } : {}),
          'public-address': liveUnit.address,
        };
        number++;
      }
    }
  }
}

/** What a charm's emulator-only `sim.yaml` says its units show: open ports, a workload message. */
function simStatus(ctx: SimContext, app: LiveApplication): { ports: string[]; message?: string } {
  const name = app.charmInfo?.name ?? '';
  for (const dir of ctx.charmDirs) {
    const file = path.join(dir, name, 'sim.yaml');
    if (!fs.existsSync(file)) continue;
    const sim = parseYaml(fs.readFileSync(file, 'utf8')) as { 'open-ports'?: string[]; 'workload-message'?: string };
    return { ports: sim['open-ports'] ?? [], message: sim['workload-message'] };
  }
  return { ports: [] };
}

function latest(times: Array<string | undefined>): string | undefined {
  return times.filter((t): t is string => Boolean(t)).sort().pop();
}
