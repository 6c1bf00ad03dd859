// A CLI process started ahead of time: it loads the code, prints `ready`, then runs the command
// it is sent on stdin (`{"args": [...], "cwd": "..."}`) and exits with its code. Tests that stop
// or kill the CLI start the next one while the current trial runs, so no trial waits for a start.
import { createInterface } from 'node:readline';
import '../../src/cli/commands/apply.js';
import { processContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';

createInterface({ input: process.stdin }).once('line', (line) => {
  const { args, cwd } = JSON.parse(line) as { args: string[]; cwd: string };
  process.chdir(cwd);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  void runCli(args, processContext(abort.signal)).then((code) => process.exit(code));
});
process.stdout.write('ready\n');
