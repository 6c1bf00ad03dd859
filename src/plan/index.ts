/**
 * Diff and plan, pure: no filesystem, no backend, no clock. Both sides are first brought to one
 * canonical form (bare charm names, `track/risk` channels, canonical constraints and storage,
 * charm defaults made explicit, relation endpoints inferred from charm metadata) so that the
 * diff — a JSON Patch between the two forms, reported as `juju diff-bundle` does — holds no
 * phantom changes. The plan turns each difference into a classified change (`restart` for what
 * the rolling executor moves unit by unit, `all-at-once` where the backend's capabilities say
 * nothing can move one unit alone, `destructive` for what takes something away), orders
 * them with their requirements, keeps removals apart for prune, and fingerprints the live state
 * it was computed against. Units are compared too: one that does not run what its application
 * says, or is in error, is drift that a `heal-units` change moves back. Renderers show a plan
 * as text, diff-bundle YAML, JSON or Markdown, always with secret options masked.
 */
export { buildPlan, isEmptyPlan, summarisePlan, type BuildPlanInput } from './build-plan.js';
export { diffModel, isKubernetes } from './diff-model.js';
export { isEmptyDiff } from './diff-types.js';
export { diffBundleView, type DiffBundleOptions } from './diff-bundle-view.js';
export type {
  ApplicationDiff, MachineDiff, MapDiff, Missing, ModelDiff, OfferDiff, RelationsDiff, SaasDiff, ValueDiff,
} from './diff-types.js';
export { fingerprintLiveModel, canonicalJson } from './fingerprint.js';
export { diffRevisions, liveModelFromBundle } from './revisions.js';
export { maskChanges, maskPlan, secretOptionNames } from './mask.js';
export { changeDetails } from './details.js';
export { formatDetail } from './render-text.js';
export { digestKey, keyedDigest, sealPlan, unsealPlan, type DigestKey, type SealedSecret } from './seal.js';
export { renderPlan, renderPlans, planFormats, type PlanFormat, type RenderOptions } from './render.js';
export { canonicalCharm } from './charm-url.js';
export { canonicalBase, canonicalChannel } from './series.js';
export { canonicalConstraints, canonicalStorage } from './constraints.js';
export { describeSource, digestDesired, type PlanSource } from './source.js';
export {
  applicationDrift, buildDifference, expectedUnitState, hasUnitDrift, healChanges, tracksOpenGeneration, unitDriftLabel,
  type HealOptions, type PlannedBuild, type UnitState,
} from './unit-drift.js';
