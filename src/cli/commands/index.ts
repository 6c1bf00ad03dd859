import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerInit } from './init.js';
import { registerValidate } from './validate.js';
import { registerRender } from './render.js';
import { registerDiff } from './diff.js';
import { registerPlan } from './plan.js';
import { registerGeneration } from './generation.js';
import { registerConfig } from './config.js';
import { registerController } from './controller.js';
import { registerModels } from './models.js';
import { registerStatus } from './status.js';
import { registerReconcileCommands } from './apply.js';

/** Sets the process exit code of the command being run. */
export type SetExit = (code: number) => void;

/** Each command module exports one `register*` function; this list is the whole CLI. */
export function registerCommands(program: Command, ctx: CliContext, setExit: SetExit): void {
  void program;
  void ctx;
  void setExit;
  registerInit(program, ctx, setExit);
  registerValidate(program, ctx, setExit);
  registerRender(program, ctx, setExit);
  registerDiff(program, ctx, setExit);
  registerPlan(program, ctx, setExit);
  registerGeneration(program, ctx, setExit);
  registerConfig(program, ctx, setExit);
  registerController(program, ctx, setExit);
  registerModels(program, ctx, setExit);
  registerStatus(program, ctx, setExit);
  registerReconcileCommands(program, ctx, setExit);
}
