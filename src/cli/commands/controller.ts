import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRequest } from '../../backends/local/api-client.js';
import { isAlive } from '../../controller/agent/processes.js';
import { controllerPaths, resolveControllerDir } from '../../controller/controller-dir.js';
import { startController } from '../../backends/local/start-controller.js';
import { findController, launchDaemon } from '../../backends/local/daemon.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { formatControllerStatus } from '../views/controller-status.js';
import type { CliContext, SetExit } from '../context.js';

interface DirOption {
  controllerDir?: string;
}

export function registerController(program: Command, ctx: CliContext, setExit: SetExit): void {
  const controller = program.command('controller').description('run the embedded controller: a durable store of models and real unit processes on 127.0.0.1');
  const dirOf = (opts: DirOption) => resolveControllerDir({ cwd: ctx.cwd, env: ctx.env, controllerDir: opts.controllerDir });

  controller
    .command('start')
    .description('start the controller; in the foreground unless --detach')
    .option('--detach', 'run in the background and return once it answers')
    .option('--port <port>', 'API port on 127.0.0.1 (default: a free one)', parsePort)
    .option('--charm-dir <dir>', 'folder of local charms for local:NAME (repeatable)', collect, [] as string[])
    .option('--controller-dir <dir>', 'controller directory (default: $JUJU_GITOPS_HOME, else ~/.local/share/juju-gitops)')
    .action(async (opts: DirOption & { detach?: boolean; port?: number; charmDir: string[] }) => {
      const dir = dirOf(opts);
      const running = await findController(dir);
      if (running && opts.detach) {
        // Idempotent, so scripts and CI can make sure it runs without asking first.
        ctx.out(`controller already running at ${running.url} (pid ${running.info.pid})\nstore: ${controllerPaths(dir).store}\n`);
        return setExit(ExitCode.ok);
      }
      if (running) {
        throw new GitopsError('controller-running', `a controller already serves ${dir} at ${running.url} (pid ${running.info.pid})`, {
          hint: 'stop it first with `juju-gitops controller stop`, or use --detach to make sure it runs',
        });
      }
      const charmDirs = opts.charmDir.length ? opts.charmDir : undefined;
      if (opts.detach) {
        const started = await launchDaemon(dir, { port: opts.port, charmDirs });
        ctx.out(`controller started at ${started.url} (pid ${started.info.pid})\nstore: ${controllerPaths(dir).store}\n`);
        return setExit(ExitCode.ok);
      }
      // The supervisor's restarts go to the daemon's output: controller.log when detached.
      const log = (line: string) => ctx.err(`${new Date().toISOString()} ${line}\n`);
      const run = await startController({ dir, port: opts.port, charmDirs, log });
      ctx.out(`controller running at ${run.url} (pid ${process.pid})\nstore: ${run.paths.store}\n`);
      const onAbort = () => void run.stop({ stopUnits: true });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      await run.stopped;
      ctx.signal.removeEventListener('abort', onAbort);
      ctx.out('controller stopped\n');
      setExit(ExitCode.ok);
    });

  controller
    .command('stop')
    .description('stop the controller and, unless --keep-units, its unit processes')
    .option('--keep-units', 'leave unit processes running; the next controller adopts them')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: DirOption & { keepUnits?: boolean }) => {
      const dir = dirOf(opts);
      const running = await findController(dir);
      if (!running) {
        ctx.out(`no controller is running for ${dir}\n`);
        return setExit(ExitCode.ok);
      }
      await apiRequest(running, 'POST', '/v1/shutdown', { stopUnits: !opts.keepUnits });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await findController(dir))) await sleep(100);
      // A daemon exits once stopped; an in-process controller (tests) stays alive but stops answering.
      while (Date.now() < deadline && running.info.pid !== process.pid && isAlive(running.info.pid)) await sleep(100);
      if ((await findController(dir)) || (running.info.pid !== process.pid && isAlive(running.info.pid))) {
        throw new GitopsError('controller-stop-timeout', `the controller (pid ${running.info.pid}) was asked to stop but is still running after 60 s`, {
          hint: `its log is ${controllerPaths(dir).log}; run 'controller stop' again, or end pid ${running.info.pid} yourself`,
        });
      }
      ctx.out(`controller stopped${opts.keepUnits ? ' (unit processes left running)' : ''}\n`);
      setExit(ExitCode.ok);
    });

  controller
    .command('status')
    .description('show the API address, store path, uptime and models of the controller')
    .option('--format <format>', 'tabular or json', 'tabular')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: DirOption & { format: string }) => {
      if (opts.format !== 'tabular' && opts.format !== 'json') throw new GitopsError('usage', `--format ${opts.format}: expected tabular or json`);
      const dir = dirOf(opts);
      const running = await findController(dir);
      if (opts.format === 'json') {
        ctx.out(`${JSON.stringify(running ? { running: true, ...running.status } : { running: false, dir, store: controllerPaths(dir).store }, null, 2)}\n`);
      } else {
        ctx.out(running ? formatControllerStatus(running.status) : `controller: not running\nstore: ${controllerPaths(dir).store}\nstart it with: juju-gitops controller start --detach\n`);
      }
      setExit(running ? ExitCode.ok : ExitCode.failed);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GitopsError('port-invalid', `${JSON.stringify(value)} is not a port number`);
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
