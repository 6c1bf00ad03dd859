import type { ControllerConfig } from '../../model/config.js';
import { JujuBackend } from './juju-backend.js';

type JujuControllerConfig = Extract<ControllerConfig, { kind: 'juju' }>;

/** The backend for a `kind: juju` controller of the repository config. Its run store is opened apart (run-stores/open-run-store.ts). */
export function openJujuBackend(controller: JujuControllerConfig, opts: { env: NodeJS.ProcessEnv }): JujuBackend {
  return new JujuBackend({
    controller: controller.name,
    ...(controller.version ? { version: controller.version } : {}),
    ...(controller.jujuData ? { jujuData: controller.jujuData } : {}),
    ...(controller.command ? { command: controller.command } : {}),
    models: controller.models,
    env: opts.env,
  });
}
