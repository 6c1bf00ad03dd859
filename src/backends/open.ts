import type { CliContext } from '../cli/context.js';
import { resolveControllerDir } from '../controller/controller-dir.js';
import { findController, launchDaemon } from '../controller/daemon.js';
import type { ControllerConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { ModelBackend } from './backend.js';
import { HttpBackend } from './local/http-backend.js';

/**
 * The backend for a controller of the repository config (the embedded local controller when
 * none is named). The local controller is reached through its daemon, which is started in the
 * background when it is not running yet.
 */
export async function openBackend(opts: {
  ctx: CliContext;
  controller?: ControllerConfig;
  controllerName?: string;
  controllerDir?: string;
}): Promise<ModelBackend> {
  const controller = opts.controller ?? { kind: 'local' };
  if (controller.kind !== 'local') {
    throw new GitopsError('backend-unsupported', `controller ${opts.controllerName ?? controller.name} is a Juju controller, which this build cannot reach`, {
      hint: 'use a controller of kind local',
    });
  }
  const dir = resolveControllerDir({ cwd: opts.ctx.cwd, env: opts.ctx.env, controllerDir: opts.controllerDir, configDir: controller.dir });
  const connection = (await findController(dir)) ?? (await launchDaemon(dir));
  return new HttpBackend({ url: connection.url, token: connection.token, controllerName: opts.controllerName ?? 'local' });
}
