import type { Command } from 'commander';
import { runDemo } from '../demo/index.js';
import type { CliContext } from '../context.js';
import type { SetExit } from './index.js';

export function registerDemo(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('demo')
    .description('see a health-gated rollout: four appservers behind haproxy, a good build and a bad one (about a minute; cleans up after itself)')
    .action(async () => setExit(await runDemo(ctx)));
}
