import type { ModelConfig, RolloutPolicy } from '../model/config.js';
import { resolvePolicy } from '../model/rollout-policy.js';
import type { ExecutionStep } from './unit-moves.js';

export { resolvePolicy };

/**
 * The policy a roll step follows. Changes the backend cannot stage (`all-at-once`) reach every
 * unit anyway, so they roll as one batch with no canary: the health gate waits for every unit,
 * and the plan has already said the policy's batches or canary cannot be honoured.
 */
export function stepPolicy(
  config: Pick<ModelConfig, 'rollout' | 'applications'> | undefined,
  step: Extract<ExecutionStep, { kind: 'roll' }>,
  units: number,
  override: Partial<RolloutPolicy> = {},
): RolloutPolicy {
  const policy = resolvePolicy(config, step.application, override);
  if (!step.changes.some((c) => c.classification === 'all-at-once')) return policy;
  return { ...policy, batch: Math.max(1, units), canary: 0 };
}
