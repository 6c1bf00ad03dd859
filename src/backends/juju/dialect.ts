import type { JujuDialect } from '../../model/bundle.js';

/**
 * Juju 3.6 and 4.x print the same JSON shapes with a few known drifts; what differs in the
 * commands juju-gitops runs is captured here, so the rest of the backend never asks.
 */
export type { JujuDialect };

export interface ModelInfo {
  name: string;
  uuid: string;
  type: 'iaas' | 'caas';
  /** `owner` in 3.6; 4.x calls the part before the slash the model qualifier. */
  qualifier: string;
  agentVersion?: string;
  controllerName?: string;
}

/** From `juju version --format=json` (`{"version": "3.6.11-genericlinux-amd64", ...}`) or a bare version. */
export function dialectOfVersion(version: string): JujuDialect {
  const major = Number(/^(\d+)\./.exec(version.trim())?.[1] ?? NaN);
  return major >= 4 ? '4.0' : '3.6';
}

export function versionOf(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (raw && typeof raw === 'object' && typeof (raw as { version?: unknown }).version === 'string') return (raw as { version: string }).version;
  return '';
}

/** `juju show-model NAME --format=json` is a map with the model's name as its only key. */
export function parseShowModel(raw: unknown): ModelInfo {
  const entry = raw && typeof raw === 'object' ? (Object.values(raw as Record<string, unknown>)[0] as Record<string, unknown> | undefined) : undefined;
  const name = String(entry?.['short-name'] ?? entry?.name ?? '');
  const full = String(entry?.name ?? '');
  return {
    name: name.includes('/') ? name.split('/').pop()! : name,
    uuid: String(entry?.['model-uuid'] ?? ''),
    type: entry?.['model-type'] === 'caas' ? 'caas' : 'iaas',
    qualifier: String(entry?.owner ?? (full.includes('/') ? full.split('/')[0] : '')),
    ...(typeof entry?.['agent-version'] === 'string' ? { agentVersion: entry['agent-version'] } : {}),
    ...(typeof entry?.['controller-name'] === 'string' ? { controllerName: entry['controller-name'] } : {}),
  };
}
