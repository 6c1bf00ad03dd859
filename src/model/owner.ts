/**
 * Which repository manages a model: recorded on the controller by the first reconcile, so a
 * second repository that declares a model of the same name is refused instead of silently
 * overwriting it. `repository` is the git remote `origin` (without credentials) when there is
 * one, so every clone of a repository is the same owner; otherwise the repository's folder.
 * `config` is where juju-gitops.yaml sits inside it, so two configurations in one repository
 * are two owners.
 */
export interface ModelOwner {
  repository: string;
  config: string;
}

/** The outcome of claiming a model: who managed it before, and whether the claim was granted. */
export interface OwnerClaim {
  granted: boolean;
  /** The owner recorded before the claim (null when none). When not granted, the one that refused it. */
  previous: ModelOwner | null;
}

export function sameOwner(a: ModelOwner | null, b: ModelOwner | null): boolean {
  return Boolean(a && b && a.repository === b.repository && a.config === b.config);
}

/** One line naming an owner, as messages print it. */
export function describeOwner(owner: ModelOwner): string {
  return owner.config === 'juju-gitops.yaml' ? owner.repository : `${owner.repository} (${owner.config})`;
}
