import type { Change } from '../model/change.js';
import type { ModelDiff } from './diff-types.js';

/**
 * What a change does to each value, as `label: before → after` lines for the text and Markdown
 * views. Values arrive already masked.
 */
/** Shown where an option had, or goes back to, the charm's default. */
export const charmDefault = '(default)';

export interface Detail {
  label: string;
  /** Absent: the value is new. */
  from?: unknown;
  /** Absent: the value goes away (back to the charm's default for an option). */
  to?: unknown;
}

function mapDetails(prefix: string, from: Record<string, unknown> | undefined, to: Record<string, unknown> | undefined): Detail[] {
  const keys = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])].sort();
  return keys
    .filter((k) => JSON.stringify(from?.[k]) !== JSON.stringify(to?.[k]))
    .map((k) => ({ label: `${prefix}.${k}`, from: from?.[k], to: to?.[k] }));
}

export function changeDetails(change: Change): Detail[] {
  switch (change.kind) {
    case 'config':
      return [
        ...Object.entries(change.set).map(([k, v]) => ({ label: k, from: change.from[k] ?? charmDefault, to: v })),
        ...change.unset.map((k) => ({ label: k, from: change.from[k], to: charmDefault })),
      ].sort((a, b) => a.label.localeCompare(b.label));
    case 'refresh':
      return [
        ...(['charm', 'channel', 'revision'] as const)
          .filter((f) => change.to[f] !== undefined)
          .map((f) => ({ label: f, from: change.from[f], to: change.to[f] })),
        ...mapDetails('resources', change.from.resources, change.to.resources),
      ];
    case 'scale':
      return [{ label: 'units', from: change.from, to: change.units }];
    case 'heal-units':
      return change.units.flatMap((u) => [
        ...Object.keys(u.to.options ?? {}).sort().map((k) => ({ label: `${u.unit} ${k}`, from: u.from.options?.[k] ?? charmDefault, to: u.to.options?.[k] ?? charmDefault })),
        ...(['charm', 'channel', 'revision'] as const).filter((f) => u.to[f] !== undefined).map((f) => ({ label: `${u.unit} ${f}`, from: u.from[f], to: u.to[f] })),
        ...(u.error !== undefined ? [{ label: `${u.unit} workload`, from: `error: ${u.error}`, to: 'restarted' }] : []),
      ]);
    case 'update-application':
      return typeof change.value === 'object' && change.value !== null
        ? mapDetails(change.field, change.from as Record<string, unknown>, change.value as Record<string, unknown>)
        : [{ label: change.field, from: change.from === '' ? undefined : change.from, to: change.value === '' ? undefined : change.value }];
    case 'deploy': {
      const { spec } = change;
      const scalars = (['charm', 'channel', 'revision', 'base', 'num_units', 'constraints'] as const)
        .filter((f) => spec[f] !== undefined)
        .map((f) => ({ label: f, to: spec[f] }));
      const options = Object.entries(spec.options ?? {}).map(([k, v]) => ({ label: `options.${k}`, to: v }));
      return [...scalars, ...(spec.to ? [{ label: 'to', to: spec.to }] : []), ...options];
    }
    case 'expose':
      return [{ label: 'exposed', to: change.exposedEndpoints ?? change.expose }];
    case 'offer':
      return [{ label: 'endpoints', to: change.endpoints.join(',') }];
    default:
      return [];
  }
}

/**
 * Differences that no change in the plan acts on: things only the model has while prune is off,
 * and drift that applying cannot fix (placement of existing units, existing machines).
 */
export function unappliedDifferences(diff: ModelDiff | undefined, acted: Set<string>): string[] {
  if (!diff) return [];
  const notes: string[] = [];
  const unlessPlanned = (id: string, note: string) => void (acted.has(id) || notes.push(note));
  for (const [name, app] of Object.entries(diff.applications ?? {})) {
    if (app.missing === 'bundle') unlessPlanned(`remove-application-${name}`, `application ${name} is in the model but not in the bundle`);
    if (app.placement) notes.push(`units of ${name} are not placed as the bundle says (existing units are not moved)`);
  }
  for (const [id, machine] of Object.entries(diff.machines ?? {})) {
    if (machine.missing === 'bundle') unlessPlanned(`remove-machine-${id}`, `machine ${id} is in the model but not in the bundle`);
    else if (!machine.missing) notes.push(`machine ${id} differs in ${Object.keys(machine).join(', ')} (existing machines are not changed)`);
  }
  for (const pair of diff.relations?.['model-additions'] ?? []) {
    unlessPlanned(`unrelate-${pair.join('-')}`, `relation ${pair.join(' - ')} is in the model but not in the bundle`);
  }
  for (const [name, offer] of Object.entries(diff.offers ?? {})) {
    if (offer.missing === 'bundle') unlessPlanned(`remove-offer-${name}`, `offer ${name} is in the model but not in the bundle`);
    for (const [user, pair] of Object.entries(offer.acl ?? {})) {
      if (pair.bundle === null) unlessPlanned(`revoke-${name}-${user}`, `user ${user} has ${pair.model} access to offer ${name}, which the bundle does not grant`);
    }
  }
  for (const [name, saas] of Object.entries(diff.saas ?? {})) {
    if (saas.missing === 'bundle') unlessPlanned(`remove-saas-${name}`, `saas ${name} is in the model but not in the bundle`);
  }
  return notes;
}
