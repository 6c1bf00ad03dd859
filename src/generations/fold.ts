import { GitopsError } from '../model/errors.js';
import { applyBaseEdits, editsForChanges } from './base-edit.js';
import type { GenerationFile } from './file.js';
import type { SourceFile } from './model-files.js';
import { byUnitNumber, generationProgress, isPartlyMoved, type UnitInventory } from './progress.js';

/**
 * Closing a generation. `commit` needs every unit of every changed application to track it
 * and folds everything into the base files; `cancel` is refused while an application is
 * partly moved, folds the changes every unit of their application already runs, and drops
 * the rest. Both are pure: the caller writes the files (and removes the generation file)
 * only when the whole outcome is known, so a refusal leaves every file as it was.
 */
export interface FoldOutcome {
  /** Applications whose staged changes went into the base files. */
  folded: string[];
  /** Applications whose staged changes were discarded. */
  dropped: string[];
  /** Every base file, edited where needed. */
  files: SourceFile[];
  /** Paths of the base files that changed. */
  changed: string[];
}

export function planCommit(generation: GenerationFile, inventory: UnitInventory, files: readonly SourceFile[]): FoldOutcome {
  const progress = generationProgress(generation, inventory);
  const behind = progress.flatMap((p) => p.behind).sort(byUnitNumber);
  if (behind.length) {
    throw new GitopsError('generation-incomplete', `cannot commit generation, there are units behind a generation: ${behind.join(', ')}`, {
      hint: `add them with \`juju-gitops generation set ${behind.join(' ')}\` (or whole applications), reconcile, then commit`,
    });
  }
  return fold(generation, progress.map((p) => p.application), [], files);
}

export function planCancel(generation: GenerationFile, inventory: UnitInventory, files: readonly SourceFile[]): FoldOutcome {
  const progress = generationProgress(generation, inventory);
  const partly = progress.filter(isPartlyMoved);
  if (partly.length) {
    const behind = partly.flatMap((p) => p.behind).sort(byUnitNumber);
    throw new GitopsError('generation-in-progress', `cannot cancel generation, there are units behind a generation: ${behind.join(', ')}`, {
      hint:
        `move them too (\`juju-gitops generation set ${behind.join(' ')}\`) to keep the changes, ` +
        'or remove the tracking units from `targets` in the generation file to drop them',
    });
  }
  const folded = progress.filter((p) => p.complete).map((p) => p.application);
  const dropped = progress.filter((p) => !p.complete).map((p) => p.application);
  return fold(generation, folded, dropped, files);
}

function fold(generation: GenerationFile, folded: string[], dropped: string[], files: readonly SourceFile[]): FoldOutcome {
  const edits = folded.flatMap((app) => editsForChanges(app, generation.applications[app]));
  const result = applyBaseEdits(files, edits);
  return { folded, dropped, files: result.files, changed: result.changed };
}
