/**
 * Generations: changes staged in `generations/<model>.yaml` and pushed to chosen units first.
 * The file is an overlay of staged changes (options, charm, channel, revision, resources of
 * existing applications) plus `targets`, the units or whole applications that track it, in
 * order. Commands edit it — and, when a generation is committed or cancelled, fold its changes
 * into the base bundle or the overlay that decides each value — with line-level YAML edits
 * that keep the user's comments and layout. A unit tracks the generation when it or its
 * application is a target; reconcile then moves it through the rolling executor, and the
 * live unit records the generation's name. Pure parts: file, yaml-edit, base-edit, stage,
 * progress, fold, moves, renderers. Effects: workspace (repository, live model), ops-*,
 * reconcile.
 */
export { generationPath, newGenerationText, parseGeneration, type GenerationFile } from './file.js';
export { appendYamlItems, deleteYamlValue, setYamlValue, type YamlPath } from './yaml-edit.js';
export { listDocuments, type SourceFile } from './model-files.js';
export { applyBaseEdits, editsForChanges, type BaseEdit } from './base-edit.js';
export { addTargets, stageChanges, type StagedEdit } from './stage.js';
export { parseAssignments, parseOptionValue } from './values.js';
export {
  applicationOf,
  generationProgress,
  inventoryFromBundle,
  inventoryFromLive,
  isTracking,
  type AppProgress,
  type UnitInventory,
} from './progress.js';
export { planCancel, planCommit, type FoldOutcome } from './fold.js';
export { planGenerationMoves, type GenerationMove } from './moves.js';
export { effectiveOptions, renderEffective, type ConfigView, type EffectiveOption } from './effective.js';
export { renderStaged, type StagedFormat } from './render-staged.js';
export { renderGenerationStatus, type StatusFormat } from './render-status.js';
export { diffGenerations, renderGenerationDiff, type GenerationDiff, type GenerationDiffFormat } from './render-pr.js';
export { loadDesired, openWorkspace, readGeneration, readLive, readModelFiles, requireGeneration, secretNamesOf, type GenerationContext, type Workspace } from './workspace.js';
export { addGeneration, setTargets, stageSettings, unitInventory, type WriteOptions, type WriteResult } from './ops-stage.js';
export { closeGeneration } from './ops-close.js';
export {
  applyGeneration,
  applyGenerationAfterPlan,
  describeGenerationRun,
  readGenerationFile,
  type ApplyGenerationOptions,
  type GenerationApplyResult,
} from './reconcile.js';
export { renderRevisionGenerations } from './revisions.js';
export { describePendingGeneration, pendingGenerationMoves, type PendingGeneration } from './pending.js';
