import { describe, expect, it } from 'vitest';
import type { UnitStaging } from '../model/capabilities.js';
import { defaultRolloutPolicy, type ModelConfig } from '../model/config.js';
import { buildPlan } from '../plan/index.js';
import { capabilitiesWith, webBundle, webLive } from '../../test/plan/fixtures.js';
import { planSchedules } from './schedule.js';

const config: ModelConfig = {
  name: 'web', controller: 'prod', bundle: 'bundles/web.yaml', overlays: [], prune: false, secrets: [],
  rollout: { ...defaultRolloutPolicy, batch: 2, canary: 1 }, applications: {},
};

function scheduleOn(staging: UnitStaging) {
  const desired = webBundle();
  desired.applications.appserver.options = { ...desired.applications.appserver.options, build_label: 'v2' };
  const plan = buildPlan({ desired, live: webLive(), model: 'web', controller: 'prod', prune: false, now: new Date(0), capabilities: capabilitiesWith(staging), rollout: config });
  return planSchedules(plan, webLive(), config).map((s) => ({ batches: s.batches.map((b) => b.length), held: s.held.length }));
}

describe('rollout schedules by unit staging', () => {
  it.each<[string, UnitStaging, { batches: number[]; held: number }]>([
    ['follows batches and the canary where the controller moves units', { kind: 'native' }, { batches: [1], held: 3 }],
    ['follows them where charm actions move units', { kind: 'action', actions: [{ name: 'restart' }] }, { batches: [1], held: 3 }],
    ['waits for every unit in one batch where the change reaches all at once', { kind: 'none' }, { batches: [4], held: 0 }],
  ])('%s', (_case, staging, expected) => {
    expect(scheduleOn(staging)).toEqual([expected]);
  });
});
