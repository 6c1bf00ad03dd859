import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerInit } from './init.js';
import { registerValidate } from './validate.js';
import { registerRender } from './render.js';

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
}
