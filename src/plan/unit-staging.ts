import { describeStagingActions, unitStagingOf, type BackendCapabilities, type UnitStaging } from '../model/capabilities.js';
import type { Change } from '../model/change.js';
import type { ModelConfig } from '../model/config.js';
import { resolvePolicy } from '../model/rollout-policy.js';

/**
 * Restart changes as the backend will really carry them out: as they are where the controller
 * moves each unit itself; naming the charm actions that move each unit where a unit strategy
 * does it; and `all-at-once` where nothing can move one unit alone. The description carries
 * it too, so every view (text, Markdown, events, journal) says the same.
 */
export function stageRestartChanges(changes: Change[], model: string, capabilities: BackendCapabilities): Change[] {
  return changes.map((change) => {
    if (change.classification !== 'restart' || (change.kind !== 'config' && change.kind !== 'refresh' && change.kind !== 'heal-units')) return change;
    const staging = unitStagingOf(capabilities, model, change.application);
    if (staging.kind === 'native') return change;
    return { ...change, ...(staging.kind === 'none' ? { classification: 'all-at-once' } : {}), staging, description: `${change.description} (${describeStaging(staging)})` };
  });
}

export function describeStaging(staging: Exclude<UnitStaging, { kind: 'native' }>): string {
  if (staging.kind === 'none') return 'reaches all units at once';
  const named = `action${staging.actions.length === 1 ? '' : 's'} ${describeStagingActions(staging.actions)}`;
  return `each unit moved by ${staging.preset ? `${staging.preset} ${named}` : named}`;
}

/**
 * What the model's rollout policy asks that the controller cannot do: batches or a canary on
 * an application whose changes reach every unit at once.
 */
export function unhonouredPolicyNotes(changes: Change[], controller: string, rollout: Pick<ModelConfig, 'rollout' | 'applications'> | undefined): string[] {
  const applications = [...new Set(changes.filter((c) => c.classification === 'all-at-once' && 'application' in c).map((c) => (c as { application: string }).application))];
  return applications.flatMap((application) => {
    const policy = resolvePolicy(rollout, application);
    const asked = [...(policy.batch > 1 ? [`batches of ${policy.batch}`] : []), ...(policy.canary > 0 ? [`a canary of ${policy.canary}`] : [])];
    if (!asked.length) return [];
    return [
      `${application}: the rollout policy asks for ${asked.join(' and ')}, but on controller ${controller} its changes reach all units at once, `
      + `so the health gate waits for every unit instead (a unit strategy of charm actions would move them one at a time)`,
    ];
  });
}
