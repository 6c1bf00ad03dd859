import type { CharmEndpoint, LiveRelation } from '../model/live.js';

/**
 * Relations as order-insensitive pairs of `app:endpoint`. A bundle may leave an endpoint out;
 * when both charms' metadata is known the endpoint is inferred as Juju does (the one pair of
 * endpoints with a shared interface and opposite roles). One still unknown matches any endpoint
 * of that application, so an inferable relation is never reported as both added and removed.
 */
export interface EndpointRef {
  application: string;
  /** Empty when the bundle left it out and it could not be inferred. */
  endpoint: string;
}

export type RelationPair = [EndpointRef, EndpointRef];

export type EndpointsOf = (application: string) => Record<string, CharmEndpoint> | undefined;

export function parseEndpoint(text: string): EndpointRef {
  const colon = text.indexOf(':');
  return colon < 0
    ? { application: text.trim(), endpoint: '' }
    : { application: text.slice(0, colon).trim(), endpoint: text.slice(colon + 1).trim() };
}

export function formatEndpoint(ref: EndpointRef): string {
  return ref.endpoint ? `${ref.application}:${ref.endpoint}` : ref.application;
}

export function sortPair(pair: RelationPair): RelationPair {
  return formatEndpoint(pair[0]) <= formatEndpoint(pair[1]) ? pair : [pair[1], pair[0]];
}

export function relationKey(pair: RelationPair): string {
  const a = formatEndpoint(pair[0]);
  const b = formatEndpoint(pair[1]);
  return a <= b ? `${a} ${b}` : `${b} ${a}`;
}

const implicitJujuInfo: CharmEndpoint = { interface: 'juju-info', role: 'provider' };

function candidates(ref: EndpointRef, endpointsOf: EndpointsOf, withImplicit: boolean): [string, CharmEndpoint][] | undefined {
  const known = endpointsOf(ref.application);
  if (!known) return undefined;
  const all = Object.entries(withImplicit || ref.endpoint ? { 'juju-info': implicitJujuInfo, ...known } : known);
  return ref.endpoint ? all.filter(([name]) => name === ref.endpoint) : all.filter(([, e]) => e.role !== 'peer');
}

function fits(a: CharmEndpoint, b: CharmEndpoint): boolean {
  return a.interface === b.interface && a.role !== 'peer' && b.role !== 'peer' && a.role !== b.role;
}

/** Fills in endpoints the bundle left out, when exactly one compatible pair exists. */
export function inferEndpoints(pair: RelationPair, endpointsOf: EndpointsOf): RelationPair {
  if (pair[0].endpoint && pair[1].endpoint) return pair;
  // Juju falls back to the implicit juju-info endpoint only when nothing explicit fits.
  for (const withImplicit of [false, true]) {
    const left = candidates(pair[0], endpointsOf, withImplicit);
    const right = candidates(pair[1], endpointsOf, withImplicit);
    if (!left || !right) return pair;
    const matches = left.flatMap(([ln, le]) => right.filter(([, re]) => fits(le, re)).map(([rn]) => [ln, rn]));
    if (matches.length > 1) return pair;
    if (matches.length === 1) {
      return [
        { application: pair[0].application, endpoint: matches[0][0] },
        { application: pair[1].application, endpoint: matches[0][1] },
      ];
    }
  }
  return pair;
}

/** The model's relations as pairs; peer relations are the charm's own business and ignored. */
export function liveRelationPairs(relations: LiveRelation[]): RelationPair[] {
  const pairs: RelationPair[] = [];
  for (const relation of relations) {
    const [a, b] = relation.endpoints;
    if (relation.endpoints.length !== 2 || a.role === 'peer' || b.role === 'peer') continue;
    if (a.application === b.application) continue;
    pairs.push(sortPair([
      { application: a.application, endpoint: a.endpoint },
      { application: b.application, endpoint: b.endpoint },
    ]));
  }
  return pairs;
}

function refsMatch(a: EndpointRef, b: EndpointRef): boolean {
  return a.application === b.application && (!a.endpoint || !b.endpoint || a.endpoint === b.endpoint);
}

function pairsMatch(a: RelationPair, b: RelationPair): boolean {
  return (refsMatch(a[0], b[0]) && refsMatch(a[1], b[1])) || (refsMatch(a[0], b[1]) && refsMatch(a[1], b[0]));
}

/** Relations only in the bundle, and only in the model. Exact matches first, then partial ones. */
export function matchRelations(desired: RelationPair[], live: RelationPair[]): { bundleOnly: RelationPair[]; modelOnly: RelationPair[] } {
  const liveByKey = new Map<string, RelationPair[]>();
  for (const pair of live) {
    const key = relationKey(pair);
    const same = liveByKey.get(key);
    if (same) same.push(pair);
    else liveByKey.set(key, [pair]);
  }
  const unmatched: RelationPair[] = [];
  for (const pair of desired) {
    const same = liveByKey.get(relationKey(pair));
    if (same?.length) same.pop();
    else unmatched.push(pair);
  }
  const remaining = [...liveByKey.values()].flat();
  const bundleOnly: RelationPair[] = [];
  for (const pair of unmatched) {
    const index = remaining.findIndex((candidate) => pairsMatch(pair, candidate));
    if (index >= 0) remaining.splice(index, 1);
    else bundleOnly.push(pair);
  }
  return { bundleOnly, modelOnly: remaining };
}
