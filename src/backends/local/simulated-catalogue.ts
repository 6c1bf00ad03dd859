import { CharmCatalogue, type CharmRef } from '../../controller/charms/catalogue.js';
import { defaultRestartPolicy, type LocalCharm, type WorkloadSpec } from '../../controller/charms/types.js';
import type { CharmInfo } from '../../model/live.js';

/** The `charm_dir` under which a rehearsal keeps the simulated charm of an application. */
export const simulatedCharmDir = (application: string) => `simulated:${application}`;

/**
 * A catalogue where every charm is simulated: units run no process and settle `restartMs`
 * after each change, as a real unit takes that long to restart. Local charm folders keep their
 * options and endpoints (read from the folder); charms known only from a live model keep what
 * the model said of them. Rehearsals run on it, so nothing real is started.
 */
export class SimulatedCatalogue extends CharmCatalogue {
  private readonly simulated = new Map<string, LocalCharm>();

  constructor(
    private readonly restartMs: number,
    known: Record<string, CharmInfo>,
    charmDirs: readonly string[] = [],
  ) {
    super(charmDirs);
    for (const [application, info] of Object.entries(known)) this.simulated.set(simulatedCharmDir(application), this.simulate(simulatedCharmDir(application), info));
  }

  override resolve(ref: string): CharmRef {
    const resolved = super.resolve(ref);
    if (resolved.kind !== 'local') return resolved;
    const dir = `${simulatedCharmDir('')}${resolved.charm.dir}`;
    const charm = this.simulate(dir, resolved.charm.info, resolved.charm.revision);
    this.simulated.set(dir, charm);
    return { kind: 'local', charm };
  }

  override cached(dir: string): LocalCharm | undefined {
    return this.simulated.get(dir);
  }

  private simulate(dir: string, info: CharmInfo, revision?: number): LocalCharm {
    const workload: WorkloadSpec = { args: [], environment: {}, stopGraceMs: 0, publish: {}, restartDelayMs: Math.max(1, this.restartMs), restart: defaultRestartPolicy };
    return { dir, info: { ...info, hasWorkload: false }, ...(revision !== undefined ? { revision } : {}), workload };
  }
}
