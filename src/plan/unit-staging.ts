import { describeStagingActions, stagingMoves, unitStagingOf, type ActionStaging, type BackendCapabilities, type UnitStaging } from '../model/capabilities.js';
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
    const touched = change.kind === 'config' ? [...Object.keys(change.set), ...change.unset] : [];
    if (staging.kind === 'action' && !stagingMoves(staging, change.kind, touched)) {
      return { ...change, classification: 'all-at-once', staging: { kind: 'none' }, description: `${change.description} (reaches all units at once: ${describeScope(staging)})` };
    }
    const rest = staging.kind === 'action' && staging.moves?.options ? touched.filter((o) => !staging.moves!.options!.includes(o)).sort() : [];
    const also = rest.length ? `; ${rest.join(', ')} ${rest.length === 1 ? 'reaches' : 'reach'} all units at once` : '';
    return { ...change, ...(staging.kind === 'none' ? { classification: 'all-at-once' } : {}), staging, description: `${change.description} (${describeStaging(staging)}${also})` };
  });
}

/** What a charm family's actions move, for a change they do not. */
function describeScope(staging: ActionStaging): string {
  const what = staging.moves?.options ? staging.moves.options.join(', ') : staging.moves?.kinds.map((k) => (k === 'refresh' ? 'a charm refresh' : 'config')).join(' and ');
  return `the ${staging.preset ?? describeStagingActions(staging.actions)} actions move only ${what}`;
}

export function describeStaging(staging: Exclude<UnitStaging, { kind: 'native' }>): string {
  if (staging.kind === 'none') return 'reaches all units at once';
  const named = `action${staging.actions.length === 1 ? '' : 's'} ${describeStagingActions(staging.actions)}`;
  const moved = `each unit moved by ${staging.preset ? `${staging.preset} ${named}` : named}`;
  const before = staging.beforeChange ? `${staging.beforeChange} on the leader, then ` : '';
  if (!staging.firstUnitByCharm) return `${before}${moved}`;
  return `${before}${staging.unitOrder === 'highest-first' ? 'highest unit first, ' : ''}the first by the charm itself, ${moved.replace('each unit', 'each next unit')}`;
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
