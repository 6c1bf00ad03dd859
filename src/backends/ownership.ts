import type { ModelOwner, OwnerClaim } from '../model/owner.js';
import type { ModelBackend } from './backend.js';

/**
 * A controller that records which repository manages each of its models. Claiming is one
 * compare-and-set in the controller's store, so two repositories racing for a new model cannot
 * both win. A model is claimed when it has no owner, is already the caller's, or `adopt` is
 * set; otherwise the claim is refused and the current owner returned.
 */
export interface ModelOwnership {
  readOwner(model: string): Promise<ModelOwner | null>;
  /** With a null owner and `adopt`, the model is left unmanaged (what `deploy --adopt` does). */
  claimModel(model: string, owner: ModelOwner | null, opts: { adopt: boolean }): Promise<OwnerClaim>;
}

export function recordsOwners(backend: ModelBackend): backend is ModelBackend & ModelOwnership {
  return typeof (backend as Partial<ModelOwnership>).claimModel === 'function' && typeof (backend as Partial<ModelOwnership>).readOwner === 'function';
}
