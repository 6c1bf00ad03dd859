import type { GenerationChanges } from '../../model/live.js';
import type { ModelRow } from '../store/rows.js';
import { recordEvent, type OpsContext } from './context.js';
import { openGeneration } from './settle.js';

/** Opens, replaces or (with null) closes the model's generation; units keep their tracking. */
export function setGeneration(
  ctx: OpsContext,
  model: ModelRow,
  generation: { name: string; applications: Record<string, GenerationChanges> } | null,
): void {
  ctx.store.transaction(() => {
    const open = openGeneration(ctx, model);
    const now = ctx.now().toISOString();
    if (open && generation && open.name === generation.name) {
      ctx.store.run('UPDATE generations SET applications = ? WHERE id = ?', JSON.stringify(generation.applications), open.id);
    } else {
      if (open) ctx.store.run('UPDATE generations SET closed_at = ? WHERE id = ?', now, open.id);
      if (generation) {
        ctx.store.run(
          'INSERT INTO generations (model_id, name, created_at, applications) VALUES (?, ?, ?, ?)',
          model.id,
          generation.name,
          now,
          JSON.stringify(generation.applications),
        );
      }
    }
    recordEvent(ctx, model.name, generation ? 'set-generation' : 'close-generation', generation?.name ?? open?.name ?? null, generation?.applications);
  });
}
