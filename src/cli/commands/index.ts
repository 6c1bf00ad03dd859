import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerApply } from './apply.js';
import { registerConfig } from './config.js';
import { registerController } from './controller.js';
import { registerDemo } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerDiff } from './diff.js';
import { registerExport } from './export.js';
import { registerGeneration } from './generation.js';
import { registerHistory } from './history.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerModels } from './models.js';
import { registerOffers } from './offers.js';
import { registerPlan } from './plan.js';
import { registerPromote } from './promote.js';
import { registerRender } from './render.js';
import { registerStatus } from './status.js';
import { registerValidate } from './validate.js';
import { registerWatch } from './watch.js';

/** Sets the process exit code of the command being run. */
export type SetExit = (code: number) => void;

type Register = (program: Command, ctx: CliContext, setExit: SetExit) => void;

/** The whole CLI, in the order `--help` lists it: each command module exports one register function. */
const commands: Register[] = [
  registerInit, registerValidate, registerRender, registerDiff, registerPlan,
  registerApply, registerPromote, registerHistory, registerWatch,
  registerGeneration, registerConfig, registerDeploy,
  registerOffers, registerExport, registerMigrate,
  registerController, registerModels, registerStatus, registerDemo,
];

export function registerCommands(program: Command, ctx: CliContext, setExit: SetExit): void {
  for (const register of commands) register(program, ctx, setExit);
}
