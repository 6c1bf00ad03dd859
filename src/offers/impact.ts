import type { Plan } from '../model/change.js';
import type { LiveModel } from '../model/live.js';
import type { OffersRecord } from './record.js';

/**
 * The pull-request view has no controller: the consumers of each offer come from the records,
 * attached to the base revision's model so the planner sees who a change to an offer breaks
 * (removing or re-offering a connected offer is then planned as a forced, destructive removal).
 */
export function withRecordedConsumers(live: LiveModel, records: OffersRecord[]): LiveModel {
  const record = records.find((r) => r.model === live.name);
  if (!record) return live;
  const offers = Object.fromEntries(Object.entries(live.offers).map(([name, offer]) => [name, {
    ...offer,
    connections: (record.offers[name]?.consumers ?? []).map((c) => ({
      sourceModel: c.model, ...(c.application ? { application: c.application } : {}), ...(c.saas ? { saas: c.saas } : {}),
      relationId: c['relation-id'], endpoint: c.endpoint, username: 'admin', status: c.status,
    })),
  }]));
  return { ...live, offers };
}

const offerKinds = new Set(['offer', 'remove-offer', 'grant', 'revoke']);

/** Markdown: for every offer a plan changes, the consumers the records say it has. */
export function renderOfferImpact(plans: Plan[], records: OffersRecord[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    const record = records.find((r) => r.model === plan.model);
    const touched = new Set([...plan.changes, ...plan.removals].flatMap((c) => (offerKinds.has(c.kind) && 'offer' in c ? [c.offer] : [])));
    for (const offer of [...touched].sort()) {
      const consumers = record?.offers[offer]?.consumers ?? [];
      const who = consumers.map((c) => `\`${c.model}:${c.application ?? c.saas ?? '?'}\` (relation ${c['relation-id']}, ${c.endpoint})`);
      lines.push(`- offer \`${plan.model}.${offer}\`: ${who.length ? `consumed by ${who.join(', ')}` : 'no consumers recorded'}`);
    }
  }
  return lines.length ? `\n#### Offers changed, and who consumes them\n\n${lines.join('\n')}\n` : '';
}
