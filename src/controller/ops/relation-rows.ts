import type { LiveRelationEndpoint } from '../../model/live.js';
import type { OpsContext } from './context.js';

/** A relation as the store keeps it, its endpoints parsed. */
export interface StoredRelation {
  id: number;
  endpoints: LiveRelationEndpoint[];
  interface?: string;
}

/** The relations of one model, by id. */
export function relationRows(ctx: OpsContext, modelId: number): StoredRelation[] {
  return ctx.store
    .all<{ id: number; endpoints: string; interface: string | null }>('SELECT id, endpoints, interface FROM relations WHERE model_id = ? ORDER BY id', modelId)
    .map((r) => ({ id: r.id, endpoints: JSON.parse(r.endpoints) as LiveRelationEndpoint[], ...(r.interface ? { interface: r.interface } : {}) }));
}
