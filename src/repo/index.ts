/**
 * The GitOps repository: the folder holding juju-gitops.yaml. `openRepo` finds it from the
 * current folder upwards and reads either the working tree or one git revision (`git show
 * rev:path` through simple-git, nothing checked out), so a pull-request check can validate
 * base and head side by side. `loadRepoConfig` validates juju-gitops.yaml against its schema
 * and fills defaults, durations in milliseconds (`parseDuration` reads them, for the
 * command-line flags too); `loadDesiredBundle` composes a model's bundle and overlays through
 * the same reader. Commands that record results write and commit through `writeRepoFile` and
 * `commitFiles`, which refuse paths outside the repository. `createTempRepo` makes a throwaway
 * repository for the demo and for tests.
 */
export { openRepo, findRepoRoot, configFileName, type Repo, type RepoSource } from './open.js';
export { loadRepoConfig, modelFromJujuEnv } from './config.js';
export { durationMs, formatDuration, parseDuration } from './duration.js';
export { loadDesiredBundle } from './desired.js';
export { writeRepoFile, commitFiles, requireCommitIdentity } from './write.js';
export { repositoryIdentity, withoutCredentials } from './identity.js';
export { loadTargets, type BundleTarget, type TargetOptions } from './targets.js';
export { createTempRepo, type TempRepo, type TempRepoOptions } from './temp-repo.js';
