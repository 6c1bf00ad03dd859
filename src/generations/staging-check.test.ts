import { describe, expect, it } from 'vitest';
import type { BackendCapabilities, UnitStaging } from '../model/capabilities.js';
import { refuseUnstageable, stagedKinds, type StagedKinds } from './staging-check.js';

function capabilities(staging: UnitStaging, perUnitGenerations: boolean): BackendCapabilities {
  return { unitStaging: { default: staging, models: {} }, exec: true, offers: true, migration: false, perUnitGenerations };
}

const options: StagedKinds = { options: true, artefact: false };
const charm: StagedKinds = { options: false, artefact: true };

describe('what a generation may stage on a controller', () => {
  it.each<[string, BackendCapabilities, StagedKinds, string | undefined]>([
    ['config on the embedded controller', capabilities({ kind: 'native' }, true), options, undefined],
    ['a charm on the embedded controller', capabilities({ kind: 'native' }, true), charm, undefined],
    ['config on Juju', capabilities({ kind: 'action', actions: [{ name: 'restart' }] }, false), options, 'generation-config-not-per-unit'],
    ['a charm on Juju, even with charm actions', capabilities({ kind: 'action', actions: [{ name: 'restart' }] }, false), charm, 'generation-charm-not-per-unit'],
    ['a charm on Juju without a unit strategy', capabilities({ kind: 'none' }, false), charm, 'generation-charm-not-per-unit'],
    ['a charm where units are kept apart but nothing moves one alone', capabilities({ kind: 'none' }, true), charm, 'generation-charm-not-per-unit'],
    ['config where units are kept apart but nothing moves one alone', capabilities({ kind: 'none' }, true), options, undefined],
  ])('%s', (_case, caps, staged, code) => {
    const attempt = () => refuseUnstageable({ model: 'web', controller: 'prod', application: 'appserver', staged, capabilities: caps });
    if (code) expect(attempt).toThrow(expect.objectContaining({ code }));
    else expect(attempt).not.toThrow();
  });

  it.each([
    [{ options: { port: 1 } }, { options: true, artefact: false }],
    [{ revision: 3 }, { options: false, artefact: true }],
    [{ resources: { image: 2 } }, { options: false, artefact: true }],
    [{ options: {}, resources: {} }, { options: false, artefact: false }],
    [undefined, { options: false, artefact: false }],
  ])('reads what %j stages', (changes, expected) => {
    expect(stagedKinds(changes)).toEqual(expected);
  });
});
