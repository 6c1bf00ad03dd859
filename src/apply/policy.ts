import type { ModelConfig, RolloutPolicy } from '../model/config.js';
import { resolvePolicy } from '../model/rollout-policy.js';
import type { ExecutionStep } from './unit-moves.js';

export { resolvePolicy };

/**
 * The policy a roll step follows. Changes the backend cannot stage (`all-at-once`) reach every
 * unit anyway, so they roll as one batch with no canary: the health gate waits for every unit,
 * and the plan has already said the policy's batches or canary cannot be honoured. A charm
 * that picks its own unit order (the data-platform refresh: highest unit number first) is
 * followed, since moving another unit would be refused by the charm.
 */
export function stepPolicy(
  config: Pick<ModelConfig, 'rollout' | 'applications'> | undefined,
  step: Extract<ExecutionStep, { kind: 'roll' }>,
  units: readonly string[],
  override: Partial<RolloutPolicy> = {},
): RolloutPolicy {
  const policy = resolvePolicy(config, step.application, override);
  if (step.changes.some((c) => c.classification === 'all-at-once')) return { ...policy, batch: Math.max(1, units.length), canary: 0 };
  if (step.changes.some((c) => c.staging?.kind === 'action' && c.staging.unitOrder === 'highest-first')) {
    return { ...policy, order: [...units].sort((a, b) => unitNumber(b) - unitNumber(a)) };
  }
  return policy;
}

function unitNumber(unit: string): number {
  return Number(unit.slice(unit.lastIndexOf('/') + 1));
}

/** Where a model's rollout policy runs a command on a unit: `rollout.drain`, `applications.app.healthCheck`… */
export function commandsOnUnits(config: { rollout: Partial<RolloutPolicy>; applications: Record<string, Partial<RolloutPolicy>> }): { key: string; command: string }[] {
  const found: { key: string; command: string }[] = [];
  const scan = (prefix: string, policy: Partial<RolloutPolicy>) => {
    const check = policy.healthCheck;
    if (check?.type === 'exec' && check.runOn !== 'reconciler') found.push({ key: `${prefix}.healthCheck`, command: check.command });
    for (const hook of ['drain', 'undrain'] as const) {
      const spec = policy[hook];
      if (spec && spec.runOn !== 'reconciler') found.push({ key: `${prefix}.${hook}`, command: spec.command });
    }
  };
  scan('rollout', config.rollout);
  for (const [application, policy] of Object.entries(config.applications)) scan(`applications.${application}`, policy);
  return found;
}
