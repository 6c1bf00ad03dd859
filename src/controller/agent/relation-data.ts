import type { LiveRelationEndpoint } from '../../model/live.js';
import type { UnitFacts } from '../relation-facts.js';

/** What one unit learns about its relations: written to its relations.json. */
export interface RelationData {
  unit: string;
  relations: RelationView[];
}

export interface RelationView {
  id: number;
  /** This unit's endpoint. */
  endpoint: string;
  interface?: string;
  'remote-application': string;
  'remote-endpoint': string;
  /** Set on a cross-model relation: the other side's model (`id` is then the consuming model's). */
  'remote-model'?: string;
  units: RemoteUnit[];
}

export interface RemoteUnit {
  unit: string;
  address: string;
  port?: number;
  ports: string[];
  settings: Record<string, string>;
}

/** What a unit shows the other side of one relation: its published settings and what it set for that side. */
export function remoteUnit(r: UnitFacts, seenAs: string, name = r.unit): RemoteUnit {
  return {
    unit: name,
    address: r.address,
    ...(r.port ? { port: r.port } : {}),
    ports: r.port ? [`${r.port}/tcp`] : [],
    settings: { ...r.settings, ...(r.relationSettings?.[seenAs] ?? {}) },
  };
}

/**
 * Pure: from the model's relations and every unit's facts, the relation data of each unit of
 * `applications`. A unit never lists itself. Statuses are left out on purpose: they change on
 * every restart, and a load balancer runs its own health checks.
 */
export function buildRelationData(
  relations: { id: number; endpoints: LiveRelationEndpoint[]; interface?: string }[],
  units: UnitFacts[],
  applications: ReadonlySet<string>,
): Map<string, RelationData> {
  const byApplication = new Map<string, UnitFacts[]>();
  for (const unit of units) {
    const list = byApplication.get(unit.application) ?? [];
    list.push(unit);
    byApplication.set(unit.application, list);
  }
  const data = new Map<string, RelationData>();
  for (const unit of units) if (applications.has(unit.application)) data.set(unit.unit, { unit: unit.unit, relations: [] });
  for (const relation of relations) {
    const [a, b] = relation.endpoints;
    for (const [local, remote] of [[a, b], [b, a]] as const) {
      for (const unit of byApplication.get(local.application) ?? []) {
        const view = data.get(unit.unit);
        if (!view) continue;
        view.relations.push({
          id: relation.id,
          endpoint: local.endpoint,
          ...(relation.interface ? { interface: relation.interface } : {}),
          'remote-application': remote.application,
          'remote-endpoint': remote.endpoint,
          units: (byApplication.get(remote.application) ?? [])
            .filter((r) => r.unit !== unit.unit)
            .map((r) => remoteUnit(r, local.application)),
        });
      }
    }
  }
  return data;
}
