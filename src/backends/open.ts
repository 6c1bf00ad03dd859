import { resolveControllerDir } from '../controller/controller-dir.js';
import { findController, launchDaemon } from './local/daemon.js';
import type { ControllerConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { BackendCapabilities } from '../model/capabilities.js';
import type { ModelBackend } from './backend.js';
import { openJujuBackend } from './juju/open-juju.js';
import { jujuCapabilities } from './juju/unit-strategy.js';
import { embeddedControllerCapabilities } from './local/capabilities.js';
import { HttpBackend } from './local/http-backend.js';

export { openRunStore, stateDir } from './run-stores/open-run-store.js';

/**
 * The backend for a controller of the repository config (the embedded local controller when
 * none is named). The local controller is reached through its daemon. Only commands that change
 * models pass `start`: then a daemon that is not running is started in the background, and the
 * command says so. Every other command reports that it is not running and changes nothing — a
 * `status` after `controller stop` must not bring every unit process back.
 */
export async function openBackend(opts: {
  /** Where the command runs and its environment (they locate the controller's folder), and where to say it started one. */
  ctx: { cwd: string; env: NodeJS.ProcessEnv; err: (text: string) => void };
  controller?: ControllerConfig;
  controllerName?: string;
  controllerDir?: string;
  start?: boolean;
}): Promise<ModelBackend> {
  const controller = opts.controller ?? { kind: 'local' };
  if (controller.kind === 'juju') return openJujuBackend(controller, { env: opts.ctx.env });
  const dir = resolveControllerDir({ cwd: opts.ctx.cwd, env: opts.ctx.env, controllerDir: opts.controllerDir, configDir: controller.dir });
  let connection = await findController(dir);
  if (!connection) {
    if (!opts.start) throw controllerNotRunning(dir);
    connection = await launchDaemon(dir);
    opts.ctx.err(`Started the controller for ${dir} at ${connection.url} (pid ${connection.info.pid}); \`juju-gitops controller stop\` stops it and its units\n`);
  }
  return new HttpBackend({ url: connection.url, token: connection.token, controllerName: opts.controllerName ?? 'local' });
}

export function controllerNotRunning(dir: string): GitopsError {
  return new GitopsError('controller-not-running', `the controller for ${dir} is not running`, {
    hint: 'start it with `juju-gitops controller start --detach` (apply and deploy start it themselves)',
  });
}

/**
 * What a controller of the repository config can do, without reaching it: the same
 * capabilities its backend declares (for plans of a controller that is not running, or of two
 * revisions compared with no controller at all).
 */
export function controllerCapabilities(controller: ControllerConfig | undefined): BackendCapabilities {
  return controller?.kind === 'juju' ? jujuCapabilities(controller.models) : embeddedControllerCapabilities;
}
