import { afterAll, beforeAll, beforeEach, describe, it, type TestContext } from 'vitest';
import type { BackendCapabilities, ModelBackend } from '../../src/backends/backend.js';
import type { Change } from '../../src/model/change.js';
import { changeCases } from './cases-changes.js';
import { migrationCases } from './cases-migration.js';
import { modelCases } from './cases-models.js';
import { offerAndExecCases } from './cases-offers.js';
import { unitCases } from './cases-units.js';
import { charmDirs, staged, suiteModels } from './fixtures.js';

/** What the suite needs from the controller it runs against, given to the factory. */
export interface ConformanceSetup {
  /** Charm folders the controller must resolve as `local:NAME`. */
  charmDirs: string[];
  /** Every model the suite may create (bind them all when the backend binds models in config). */
  models: string[];
  /** The application whose charm moves one unit with `action` (where the backend stages units by actions). */
  staged: { application: string; action: string };
}

export interface ConformanceTarget {
  backend: ModelBackend;
  /** Stops whatever the factory started and removes its folders. */
  cleanup?: () => Promise<void>;
}

export interface ConformanceOptions {
  /**
   * Cases this backend is known to fail, by title, with the reason. They still run and must
   * fail (vitest `it.fails`), so a gap that gets fixed shows up until it is taken off the list.
   */
  knownGaps?: Record<string, string>;
}

/** What each case sees: the backend, a fresh model of its own, and gates on capabilities. */
export interface SuiteContext {
  readonly backend: ModelBackend;
  readonly model: string;
  /** One more fresh model (a consumer of an offer). */
  newModel(): Promise<string>;
  /** A second controller from the same factory (a migration's target), stopped after the suite. */
  anotherController(): Promise<ModelBackend>;
  apply(change: Change): Promise<void>;
  /** A case every backend must pass. */
  it(name: string, fn: () => Promise<void>): void;
  /**
   * A case that runs only where `gate` finds no reason against it; otherwise it is reported
   * skipped with that reason, never passed.
   */
  gated(name: string, gate: (caps: BackendCapabilities, model: string) => string | undefined, fn: () => Promise<void>): void;
}

export const setup: ConformanceSetup = { charmDirs, models: suiteModels, staged };

/**
 * The behaviour every ModelBackend must show, as vitest cases, gated on the capabilities the
 * backend declares. Each case works in a model of its own and deploys only the fixture charms,
 * whose options and endpoints exist; no case assumes a leader, a machine id, an offer owner or
 * how long settling takes.
 */
export function runConformanceSuite(name: string, factory: (setup: ConformanceSetup) => Promise<ConformanceTarget>, opts: ConformanceOptions = {}): void {
  describe(`ModelBackend conformance: ${name}`, () => {
    let target: ConformanceTarget | undefined;
    const others: ConformanceTarget[] = [];
    let model = '';
    let next = 0;
    const take = async (): Promise<string> => {
      const name = setup.models[next++];
      if (!name) throw new Error(`the suite uses more than ${setup.models.length} models: add names to suiteModels`);
      await target!.backend.addModel(name);
      return name;
    };
    const gaps = new Map(Object.entries(opts.knownGaps ?? {}));
    const define = (caseName: string, fn: (test: TestContext) => Promise<void>) => {
      const gap = gaps.get(caseName);
      gaps.delete(caseName);
      if (gap) it.fails(`${caseName} [known gap: ${gap}]`, fn);
      else it(caseName, fn);
    };

    beforeAll(async () => {
      target = await factory(setup);
    });
    afterAll(async () => {
      for (const t of [target, ...others]) {
        await t?.backend.close();
        await t?.cleanup?.();
      }
    });
    beforeEach(async () => {
      model = await take();
    });

    const ctx: SuiteContext = {
      get backend() {
        return target!.backend;
      },
      get model() {
        return model;
      },
      newModel: take,
      anotherController: async () => {
        const other = await factory(setup);
        others.push(other);
        return other.backend;
      },
      apply: (change) => target!.backend.applyChange(model, change),
      it: (caseName, fn) => define(caseName, fn),
      gated: (caseName, gate, fn) =>
        define(caseName, async (test) => {
          const reason = gate(target!.backend.capabilities, model);
          if (reason) test.skip(reason);
          await fn();
        }),
    };
    modelCases(ctx);
    changeCases(ctx);
    unitCases(ctx);
    offerAndExecCases(ctx);
    migrationCases(ctx);
    if (gaps.size) throw new Error(`known gaps name no case of the suite: ${[...gaps.keys()].join('; ')}`);
  });
}
