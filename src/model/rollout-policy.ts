import { defaultRolloutPolicy, type ModelConfig, type RolloutPolicy } from './config.js';

/**
 * The rollout policy for one application: defaults, then the model's policy, then the
 * application's overrides, then whatever the command line forces (e.g. `promote` lifts canary).
 * The plan reads it to say what a controller cannot honour; the executor follows it.
 */
export function resolvePolicy(
  config: Pick<ModelConfig, 'rollout' | 'applications'> | undefined,
  application: string,
  override: Partial<RolloutPolicy> = {},
): RolloutPolicy {
  const merged: RolloutPolicy = {
    ...defaultRolloutPolicy,
    ...dropUndefined(config?.rollout ?? {}),
    ...dropUndefined(config?.applications?.[application] ?? {}),
    ...dropUndefined(override),
  };
  return { ...merged, batch: Math.max(1, Math.floor(merged.batch)), canary: Math.max(0, Math.floor(merged.canary)) };
}

function dropUndefined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
