import type { LiveModel } from '../model/live.js';

/**
 * What blocks a migration, checked on the live model before anything moves. The unit rules
 * are Juju's (`migration/precheck.go`: an agent in error, lost or still allocating blocks; so
 * does a unit whose charm differs from its application's), and stricter where Juju lets an
 * executing agent pass: only settled units move. The cross-model rules refuse what
 * breaks Juju's own migrations of consumers (a consumed but unrelated `saas`, two `saas` for
 * one offer); the consumers of the model's own offers are checked by precheckConsumers.
 */
export function precheckModel(live: LiveModel): string[] {
  const problems: string[] = [];
  for (const app of Object.values(live.applications)) {
    for (const unit of Object.values(app.units)) {
      if (unit.agent.current === 'executing') problems.push(`unit ${unit.name} is still executing a change`);
      else if (unit.agent.current !== 'idle') problems.push(`unit ${unit.name} agent is ${unit.agent.current}, not idle`);
      if (unit.workload.current === 'error') problems.push(`unit ${unit.name} is in error${unit.workload.message ? `: ${unit.workload.message}` : ''}`);
      if (unit.applied.charm !== app.charm || (unit.applied.revision ?? null) !== (app.revision ?? null)) {
        problems.push(`unit ${unit.name} is upgrading (it runs ${unit.applied.charm}${unit.applied.revision !== undefined ? ` revision ${unit.applied.revision}` : ''})`);
      }
    }
  }
  const related = new Set(live.relations.flatMap((r) => r.endpoints.map((e) => e.application)));
  const byUrl = new Map<string, string[]>();
  for (const saas of Object.values(live.saas)) {
    if (!related.has(saas.name)) problems.push(`saas ${saas.name} (${saas.url}) is consumed but not related: remove it or relate it first`);
    const key = saas.url.replace(/^[^:/]+:/, '');
    byUrl.set(key, [...(byUrl.get(key) ?? []), saas.name]);
  }
  for (const [url, names] of byUrl) if (names.length > 1) problems.push(`offer ${url} is consumed by several saas entries (${names.join(', ')}): keep one`);
  return problems;
}
