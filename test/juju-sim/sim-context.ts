import type { ModelBackend } from '../../src/backends/backend.js';
import type { JujuDialect } from '../../src/backends/juju/dialect.js';
import type { LiveModel } from '../../src/model/live.js';
import { GitopsError } from '../../src/model/errors.js';
import { flagValue, type ParsedArgs } from './argv.js';
import type { SimController, SimMigration } from './controllers.js';

export interface SimAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SimContext {
  backend: ModelBackend;
  controller: string;
  dialect: JujuDialect;
  /** Folders holding local charms, to find a charm's actions.yaml. */
  charmDirs: string[];
  env: { JUJU_MODEL?: string; JUJU_CONTROLLER?: string };
  now: () => Date;
  nextTaskId: () => number;
  /**
   * Models as last read, for the commands whose answer only a write can change (`config`,
   * `offers`); every write through the emulator empties it. Status is always read afresh.
   */
  cache?: Map<string, Promise<LiveModel>>;
  /** Every controller the emulator answers for, by name (this one among them). */
  controllers?: Map<string, SimController>;
  /** Migrations started with `juju migrate`, by `controller/model`. */
  migrations?: Map<string, SimMigration>;
  /** Model config keys set through `juju model-config`, by model UUID (every controller's models). */
  modelConfig?: Map<string, Record<string, unknown>>;
  /** A fault to inject into the next migration (`die-in-export`), as Juju's wrenches do. */
  wrench?: () => string | undefined;
  /** What a charm keeps on its unit between hooks (OpenStack's `unit-paused`), by `model/unit`. */
  unitState?: Map<string, { paused?: boolean }>;
  /** How an action on a unit is made to fail: `failed` (the charm fails it), `error` (it raises), by `unit action`. */
  fault?: (unit: string, action: string) => ActionFault | undefined;
}

export type ActionFault = 'failed' | 'error';

/** The model for a config or offers answer: cached until the next write through the emulator. */
export function readForConfig(ctx: SimContext, model: string): Promise<LiveModel> {
  if (!ctx.cache) return ctx.backend.readModel(model);
  let live = ctx.cache.get(model);
  if (!live) {
    live = ctx.backend.readModel(model);
    live.catch(() => ctx.cache?.delete(model));
    ctx.cache.set(model, live);
  }
  return live;
}

export const ok = (stdout = ''): SimAnswer => ({ stdout, stderr: '', exitCode: 0 });
export const json = (value: unknown): SimAnswer => ok(`${JSON.stringify(value)}\n`);
export const fail = (message: string, exitCode = 1): SimAnswer => ({ stdout: '', stderr: `ERROR ${message}\n`, exitCode });

/** The model a command names with `-m [controller:]model`, or the current one from JUJU_MODEL. */
export function modelOf(ctx: SimContext, args: ParsedArgs): string {
  const named = flagValue(args, '-m', '--model') ?? ctx.env.JUJU_MODEL;
  if (!named) throw new SimError('no model in focus\n\nPlease use "juju models" to see models available to you.\nYou can set current model by running "juju switch"\nor specify any other model on the command line using the "-m" option.');
  return modelName(ctx, named);
}

/** `[controller:][qualifier/]model` → the model's name, refusing another controller. */
export function modelName(ctx: SimContext, named: string): string {
  const [controller, model] = named.includes(':') ? named.split(':', 2) : [ctx.controller, named];
  if (controller !== ctx.controller) throw new SimError(`controller ${controller} not found`);
  return model.includes('/') ? model.split('/')[1] : model;
}

/** A failure the emulator reports as Juju would: `ERROR <message>` on stderr, exit 1. */
export class SimError extends Error {}

/** Juju's wording for the embedded controller's errors, so the backend's mapping is exercised. */
export function jujuMessage(ctx: SimContext, model: string, error: unknown): string {
  if (error instanceof SimError) return error.message;
  if (!(error instanceof GitopsError)) return error instanceof Error ? error.message : String(error);
  const quoted = /"([^"]+)"/.exec(error.message)?.[1];
  switch (error.code) {
    case 'model-not-found':
      return `model "${ctx.controller}:admin/${model}" not found`;
    case 'application-not-found':
      return `application "${quoted ?? ''}" not found (not found)`;
    case 'unit-not-found':
      return `unit "${quoted ?? ''}" not found (not found)`;
    case 'offer-not-found':
      return `application offer "${quoted ?? ''}" not found (not found)`;
    case 'model-exists':
      return `failed to create new model: model "${model}" for admin already exists`;
    case 'relation-exists': {
      const pair = /relation (.*) already exists/.exec(error.message)?.[1] ?? '';
      return `cannot add relation "${pair}": relation ${pair} (already exists)`;
    }
    case 'machine-in-use': {
      const [, machine, unit] = /machine (\S+) hosts unit (\S+)/.exec(error.message) ?? [];
      return `removing machine failed: machine ${machine} has unit(s) "${unit}" assigned`;
    }
    default:
      return error.message;
  }
}
