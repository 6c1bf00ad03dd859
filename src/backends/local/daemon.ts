import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { apiRequest } from './api-client.js';
import { GitopsError } from '../../model/errors.js';
import { isAlive, lastLogLine, processStartTime } from '../../controller/agent/processes.js';
import type { ControllerStatus } from './api/server.js';
import { readToken } from '../../controller/token.js';
import { controllerPaths, ensureControllerDir } from '../../controller/controller-dir.js';
import type { ApiInfo } from './start-controller.js';

export interface ControllerConnection {
  url: string;
  token: string;
  info: ApiInfo;
  status: ControllerStatus;
}

/**
 * The controller serving `dir`, when one is running and answers with this directory's token.
 * A controller whose process runs but does not answer (busy adopting units, or stuck) is not
 * taken as absent — that would start a second daemon that then fails on the store's lock —
 * but waited for up to `patienceMs`, then reported.
 */
export async function findController(dir: string, opts: { patienceMs?: number } = {}): Promise<ControllerConnection | undefined> {
  const paths = controllerPaths(dir);
  let info: ApiInfo;
  try {
    info = JSON.parse(fs.readFileSync(paths.api, 'utf8')) as ApiInfo;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new GitopsError('controller-info-unreadable', `cannot read ${paths.api}: ${(error as Error).message}`, {
      hint: 'stop the controller with `juju-gitops controller stop`; if none runs, remove the file',
    });
  }
  // Gone, a reused pid, or stopped since (a stopping controller removes api.json first).
  const stale = () =>
    !isAlive(info.pid) || (info.pidStart !== undefined && processStartTime(info.pid) !== info.pidStart) || !fs.existsSync(paths.api);
  if (stale()) return undefined;
  const token = readToken(paths.token);
  const deadline = Date.now() + (opts.patienceMs ?? 15_000);
  for (;;) {
    try {
      const status = await apiRequest<ControllerStatus>({ url: info.address, token }, 'GET', '/v1/status', undefined, AbortSignal.timeout(5_000));
      return { url: info.address, token, info, status };
    } catch (error) {
      const silent = error instanceof GitopsError && (error.code === 'controller-unreachable' || error.code === 'aborted');
      if (!silent) throw error;
      if (stale()) return undefined;
      if (Date.now() > deadline) {
        throw new GitopsError('controller-unresponsive', `the controller for ${dir} (pid ${info.pid}) runs but does not answer at ${info.address}: ${error.message}`, {
          hint: `it may be busy; try again, or see ${paths.log}`,
        });
      }
      await sleep(200);
    }
  }
}

export interface LaunchOptions {
  port?: number;
  charmDirs?: string[];
  timeoutMs?: number;
}

/**
 * How to run the CLI in a new process: the package's bin (the bundled CLI) when it is built,
 * else the compiled sources, or the sources through tsx when this module runs from them. Found
 * from the package's root, not from this module, which may itself run inside the bundle.
 */
function cliEntry(): { root: string; entry: string[] } {
  const here = fileURLToPath(import.meta.url);
  let root = path.dirname(here);
  while (!fs.existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  if (here.endsWith('.ts')) return { root, entry: ['--import', 'tsx', path.join(root, 'src/cli/main.ts')] };
  const bin = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin?: Record<string, string> }).bin?.['juju-gitops'];
  const bundled = bin && path.join(root, bin);
  return { root, entry: [bundled && fs.existsSync(bundled) ? bundled : path.join(root, 'dist/src/cli/main.js')] };
}

/**
 * Starts `juju-gitops controller start` for `dir` as a detached background process (its output
 * goes to controller.log) and waits until it answers. The same Node.js runs it; from a source
 * checkout it runs through tsx, as the caller does.
 */
export async function launchDaemon(dir: string, opts: LaunchOptions = {}): Promise<ControllerConnection> {
  const paths = controllerPaths(dir);
  ensureControllerDir(dir);
  const { root, entry } = cliEntry();
  const args = [
    ...entry,
    'controller',
    'start',
    '--controller-dir',
    dir,
    ...(opts.port !== undefined ? ['--port', String(opts.port)] : []),
    ...(opts.charmDirs ?? []).flatMap((d) => ['--charm-dir', d]),
  ];
  const logStart = fs.existsSync(paths.log) ? fs.statSync(paths.log).size : 0;
  const log = fs.openSync(paths.log, 'a', 0o600);
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, JUJU_GITOPS_DAEMON: '1' },
  });
  fs.closeSync(log);
  child.unref();
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    const found = await findController(dir);
    if (found && found.info.pid === child.pid) return found;
    if (exited !== null) break;
    await sleep(100);
  }
  if (exited === null) child.kill('SIGKILL');
  const reason = startFailure(paths.log, logStart);
  throw new GitopsError('controller-start-failed', `the controller for ${dir} did not start${reason ? `: ${reason}` : ''}`, {
    hint: `see ${paths.log}`,
  });
}

/** Why this start failed: the daemon's own `error[…]` line (its hint follows it), else its last line. */
function startFailure(log: string, fromOffset: number): string | undefined {
  try {
    const text = fs.readFileSync(log).subarray(fromOffset).toString('utf8');
    const error = text.split('\n').reverse().find((line) => line.startsWith('error['));
    return error?.slice(0, 200) ?? lastLogLine(log, fromOffset);
  } catch {
    return undefined;
  }
}
