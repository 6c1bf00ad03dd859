#!/usr/bin/env node
import { processContext } from './context.js';
import { packageVersion } from './version.js';

const argv = process.argv.slice(2);
// `--version` alone is answered before the command-line parser loads (a third of what starting
// costs): scripts and `juju gitops` probes ask it often. Anything else goes through the parser.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const controller = new AbortController();
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // The first Ctrl-C asks long-running commands to stop cleanly; a second one forces it.
      if (interrupted) process.exit(130);
      interrupted = true;
      controller.abort();
    });
  }
  const { runCli } = await import('./run-cli.js');
  const code = await runCli(argv, processContext(controller.signal));
  // Exit once stdout has drained, so piped output is never cut short.
  process.stdout.write('', () => process.exit(code));
}
