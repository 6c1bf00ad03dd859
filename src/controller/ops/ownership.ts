import type { ModelOwner, OwnerClaim } from '../../model/owner.js';
import { sameOwner } from '../../model/owner.js';
import { recordEvent, requireModel, type OpsContext } from './context.js';

export function readOwner(ctx: OpsContext, model: string): ModelOwner | null {
  const row = requireModel(ctx, model);
  return row.owner ? (JSON.parse(row.owner) as ModelOwner) : null;
}

/** Read and write in one transaction: of two repositories claiming a new model, one wins. */
export function claimModel(ctx: OpsContext, model: string, owner: ModelOwner | null, opts: { adopt: boolean }): OwnerClaim {
  return ctx.store.transaction(() => {
    const previous = readOwner(ctx, model);
    if (previous && !opts.adopt && !sameOwner(previous, owner)) return { granted: false, previous };
    if (!sameOwner(previous, owner)) {
      ctx.store.run('UPDATE models SET owner = ? WHERE name = ?', owner ? JSON.stringify(owner) : null, model);
      recordEvent(ctx, model, owner ? 'claim-model' : 'release-model', model, { owner, previous });
    }
    return { granted: true, previous };
  });
}
