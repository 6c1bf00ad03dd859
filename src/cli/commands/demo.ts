import type { Command } from 'commander';
import { defaultStatusPort, parseListen } from '../../watch/index.js';
import { runDemo } from '../demo/index.js';
import type { CliContext, CliWiring, SetExit } from '../context.js';

export function registerDemo(program: Command, ctx: CliContext, setExit: SetExit, cli: CliWiring): void {
  program
    .command('demo')
    .description('see a health-gated rollout: four appservers behind haproxy, a good build and a bad one (about a minute; cleans up after itself)')
    .option('--listen [port]', `serve the status page on 127.0.0.1 while the demo runs (default port ${defaultStatusPort}; 0 picks one)`)
    .option('--no-listen', 'no status page')
    .action(async (flags: { listen: string | boolean }) => setExit(await runDemo(ctx, { runCli: cli.runCli, listenPort: parseListen(flags.listen)?.port, anyPortIfTaken: flags.listen === true })));
}
