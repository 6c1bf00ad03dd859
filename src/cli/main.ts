#!/usr/bin/env node
import { processContext } from './context.js';
import { runCli } from './run-cli.js';

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

const code = await runCli(process.argv.slice(2), processContext(controller.signal));
// Exit once stdout has drained, so piped output is never cut short.
process.stdout.write('', () => process.exit(code));
