import { planCancel, planCommit, type FoldOutcome } from './fold.js';
import { unitInventory, type WriteOptions, type WriteResult } from './ops-stage.js';
import { readModelFiles, requireGeneration, saveEdits, type GenerationContext, type Workspace } from './workspace.js';

/**
 * `generation commit` and `generation cancel`: decide the whole outcome first (a refusal
 * throws before anything is written), then write the folded base files and remove the
 * generation file together.
 */
export async function closeGeneration(
  ctx: GenerationContext,
  ws: Workspace,
  opts: WriteOptions & { action: 'commit' | 'cancel' },
): Promise<WriteResult & { outcome: FoldOutcome }> {
  const { generation } = await requireGeneration(ws);
  const { inventory } = await unitInventory(ctx, ws, opts.offline);
  const files = await readModelFiles(ws);
  const outcome = opts.action === 'commit' ? planCommit(generation, inventory, files) : planCancel(generation, inventory, files);
  const written = outcome.files.filter((f) => outcome.changed.includes(f.path));
  const verb = opts.action === 'commit' ? 'commit' : 'cancel';
  const summary = [
    outcome.folded.length ? `folded ${outcome.folded.join(', ')} into the bundle` : '',
    outcome.dropped.length ? `dropped the changes to ${outcome.dropped.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  const message = `${ws.model}: ${verb} generation ${generation.name}${summary ? `: ${summary}` : ''}`;
  const commit = await saveEdits(ws, { write: written, remove: [ws.generationFile], commit: opts.commit ? message : undefined });
  const done = opts.action === 'commit' ? 'Committed' : 'Cancelled';
  return {
    message: `${done} generation ${generation.name}${summary ? `: ${summary}` : ''}; the next reconcile returns every unit to the bundle`,
    files: [...outcome.changed, ws.generationFile],
    commit,
    outcome,
  };
}
