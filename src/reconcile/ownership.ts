import type { ModelBackend } from '../backends/backend.js';
import { recordsOwners } from '../backends/ownership.js';
import { GitopsError } from '../model/errors.js';
import { describeOwner, sameOwner, type ModelOwner } from '../model/owner.js';

/**
 * Who may reconcile a model. The first repository to write a model records itself as its owner;
 * another repository (or a `deploy`) that would write the same model is refused, naming the
 * owner, unless it passes --adopt, which records the new owner and says so. The embedded
 * controller records owners in its store, a Juju controller in the model's config; a backend
 * that records none is not checked.
 */
export interface OwnershipRequest {
  backend: ModelBackend;
  model: string;
  /** The repository asking; null for a `deploy`, which manages nothing. */
  owner: ModelOwner | null;
  adopt?: boolean;
}

/** Read-only: refuses when another repository manages the model (plans, dry runs). */
export async function refuseForeignOwner(req: OwnershipRequest): Promise<void> {
  if (req.adopt || !recordsOwners(req.backend)) return;
  const current = await req.backend.readOwner(req.model).catch((error: unknown) => {
    if (error instanceof GitopsError && error.code === 'model-not-found') return null;
    throw error;
  });
  if (current && !sameOwner(current, req.owner)) throw ownedElsewhere(req, current);
}

/**
 * Claims an existing model for the repository before its first write; returns what to tell the
 * user (nothing when the model was already the caller's, or the controller records no owners).
 */
export async function claimOwnership(req: OwnershipRequest): Promise<string | undefined> {
  if (!recordsOwners(req.backend)) return undefined;
  const claim = await req.backend.claimModel(req.model, req.owner, { adopt: Boolean(req.adopt) });
  if (!claim.granted) throw ownedElsewhere(req, claim.previous!);
  const { previous } = claim;
  if (sameOwner(previous, req.owner) || (!previous && !req.owner)) return undefined;
  if (!req.owner) return `model ${req.model} is no longer managed by ${describeOwner(previous!)} (adopted by this deploy)`;
  if (!previous) return `model ${req.model} is now managed by ${describeOwner(req.owner)}`;
  return `model ${req.model} was managed by ${describeOwner(previous)}; adopted: it is now managed by ${describeOwner(req.owner)}`;
}

function ownedElsewhere(req: OwnershipRequest, owner: ModelOwner): GitopsError {
  const who = req.owner ? 'this repository' : 'a deploy';
  return new GitopsError('model-owned-elsewhere', `model ${req.model} on controller ${req.backend.controllerName} is managed by ${describeOwner(owner)}, not by ${who}; nothing was changed`, {
    hint: req.owner
      ? 'run juju-gitops from that repository, give this model another name, or take it over with --adopt'
      : 'change it through that repository, or pass --adopt to deploy into it anyway (the model is then managed by no repository until one applies it)',
  });
}
