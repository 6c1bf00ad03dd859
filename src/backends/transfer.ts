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

/**
 * A controller that migrates models itself (Juju's `juju migrate`): the migration is started
 * and followed from outside, through what `show-model` reports.
 */
export interface ControllerMigration {
  /** Starts the model's migration to the controller the client knows as `target`; returns Juju's migration id. */
  startMigration(model: string, target: string): Promise<string>;
  /** What the controller says of the model's migration now. */
  migrationProgress(model: string): Promise<MigrationProgress>;
}

export interface MigrationProgress {
  /** Whether the controller still has the model (after a migration it is gone from the source). */
  present: boolean;
  /** The model's status (`busy` while a migration runs). */
  status?: string;
  /** The migration's status message (`importing model into target controller`, `aborted, …`). */
  migration?: string;
  migrationStart?: string;
  migrationEnd?: string;
}

export function migratesItself(backend: ModelBackend): backend is ModelBackend & ControllerMigration {
  return typeof (backend as Partial<ControllerMigration>).startMigration === 'function';
}
