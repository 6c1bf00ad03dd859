/**
 * One reconcile of a model, from the repository to the live model: `reconcileModel` takes the
 * model's lease (with heartbeat), reads the live model, plans the repository's desired state
 * against it (or takes a reviewed plan), resumes an interrupted run of the same plan, and hands
 * the plan to the executor (src/apply). `deployBundle` does the same for a bundle file outside
 * any repository. This sits above both the executor and the repository so neither knows the
 * other.
 */
export { reconcileModel, type ReconcileOptions, type ReconcileOutcome } from './reconcile-model.js';
export { computePlan, ensureModel, modelTypeOf, readLiveOrEmpty, refuseModelTypeMismatch } from './compute-plan.js';
export { claimOwnership, refuseForeignOwner, type OwnershipRequest } from './ownership.js';
export { deployBundle, type DeployOptions } from './deploy.js';
