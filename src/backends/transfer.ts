import type { ModelExport, WorkloadHandles } from '../model/export.js';
import type { MigrationStatus } from '../model/live.js';
import type { ModelBackend } from './backend.js';

/**
 * What a controller must offer for `import` and for a live `migrate` between embedded
 * controllers. A model arrives held (`importModel` with handles) and is only supervised after
 * `activateModel`; the source stops supervising with `releaseModel` before that, so no process
 * ever has two supervisors, and `removeModel` with `keepWorkloads` forgets a released model
 * without stopping anything.
 */
export interface ModelTransfer {
  readWorkloadHandles(model: string): Promise<WorkloadHandles>;
  importModel(doc: ModelExport, handles?: WorkloadHandles): Promise<void>;
  activateModel(model: string): Promise<void>;
  releaseModel(model: string): Promise<void>;
  removeModel(model: string, opts: { keepWorkloads: boolean }): Promise<void>;
  /** Models imported but not activated: what a migration that died during IMPORT left behind. */
  heldModels(): Promise<string[]>;
  /**
   * Shows (or with null, clears) a migration's phase on the model, as `juju status` shows it.
   * While it is shown the model's relation data is left as it is; clearing it brings it up to date.
   */
  setMigrationStatus(model: string, status: MigrationStatus | null): Promise<void>;
  /** The controller's folder: other embedded controllers on this host reach its offers through it. */
  controllerDir(): Promise<string | null>;
  /** Registers another embedded controller under the name saas URLs give it. */
  linkController(name: string, dir: string): Promise<void>;
  /** The saas entries of this controller's models that reach `model` on the controller in `dir`. */
  consumersOf(dir: string, model: string): Promise<SaasConsumer[]>;
  /** Points a saas entry at a new URL and waits until its units' relation data follows. */
  repointSaas(model: string, saas: string, url: string): Promise<void>;
}

export interface SaasConsumer {
  model: string;
  saas: string;
  url: string;
  /** Relations made through it. */
  relations: number;
}

export function canTransfer(backend: ModelBackend): backend is ModelBackend & ModelTransfer {
  return typeof (backend as Partial<ModelTransfer>).importModel === 'function' && typeof (backend as Partial<ModelTransfer>).releaseModel === 'function';
}
