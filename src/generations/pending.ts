import type { Bundle } from '../model/bundle.js';
import type { LiveModel } from '../model/live.js';
import type { Repo } from '../repo/index.js';
import { planGenerationMoves, type GenerationMove } from './moves.js';
import { readGenerationFile } from './reconcile.js';

/**
 * What the next reconcile does with the model's generation, for `plan`, `diff` and
 * `apply --dry-run`. The plan holds application-level changes only; the generation's unit moves
 * run after it, so without this a reviewer would read "no changes" while units restart.
 */
export interface PendingGeneration {
  model: string;
  /** The open generation, or null when none is open (units then return to their application). */
  generation: string | null;
  moves: GenerationMove[];
}

export async function pendingGenerationMoves(opts: { repo: Repo; model: string; desired: Bundle; live: LiveModel }): Promise<PendingGeneration> {
  const generation = await readGenerationFile(opts.repo, opts.model);
  return { model: opts.model, generation: generation?.name ?? null, moves: planGenerationMoves({ generation, desired: opts.desired, live: opts.live }) };
}

/** One line per direction, or nothing when no unit moves. */
export function describePendingGeneration(pending: PendingGeneration): string {
  const to = pending.moves.filter((m) => m.target.generation).map((m) => m.unit);
  const back = pending.moves.filter((m) => !m.target.generation).map((m) => m.unit);
  const lines: string[] = [];
  if (to.length) lines.push(`Generation ${pending.generation} of model ${pending.model}: the next reconcile moves ${to.join(', ')} to it, one by one behind health checks`);
  if (back.length) lines.push(`Model ${pending.model}: the next reconcile returns ${back.join(', ')} from the closed generation to their applications, one by one behind health checks`);
  return lines.map((l) => `\n${l}\n`).join('');
}
