import { describe, expect, it } from 'vitest';
import type { ModelBackend } from '../backends/backend.js';
import { defaultRolloutPolicy, type RepoConfig } from '../model/config.js';
import { refuseCommandsWithoutExec } from './compute-plan.js';

const backend = (exec: boolean) => ({ controllerName: 'ctl', capabilities: { exec } }) as unknown as ModelBackend;
const config = (runOn?: 'unit' | 'reconciler'): RepoConfig => ({
  root: '/repo',
  controllers: {},
  models: {
    web: {
      name: 'web', controller: 'ctl', bundle: 'bundles/web.yaml', overlays: [], prune: false, secrets: [], applications: {},
      rollout: { ...defaultRolloutPolicy, healthCheck: { type: 'exec', command: 'cat ready', ...(runOn ? { runOn } : {}) } },
    },
  },
});

describe('a rollout policy with commands on units', () => {
  it('is refused on a backend that cannot run them, naming the key and the way out', () => {
    expect(() => refuseCommandsWithoutExec(backend(false), config(), 'web')).toThrow(
      expect.objectContaining({ code: 'exec-unsupported', message: expect.stringContaining('models.web.rollout.healthCheck (`cat ready`)'), hint: expect.stringContaining('runOn: reconciler') }),
    );
  });

  it.each([
    ['the backend runs commands on units', backend(true), config()],
    ['the policy runs it here', backend(false), config('reconciler')],
  ])('is accepted when %s', (_, b, c) => {
    expect(() => refuseCommandsWithoutExec(b, c, 'web')).not.toThrow();
  });
});
