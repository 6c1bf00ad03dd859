import { describe, expect, it } from 'vitest';
import type { BackendCapabilities, UnitStaging } from '../model/capabilities.js';
import { refuseUnheldTargets, refuseUnstageable, stagedKinds, type StagedKinds } from './staging-check.js';

function capabilities(staging: UnitStaging, perUnitGenerations: boolean): BackendCapabilities {
  return { unitStaging: { default: staging, models: {} }, exec: true, offers: true, migration: false, perUnitGenerations };
}

const options: StagedKinds = { options: true, artefact: false, revisionOnly: false };
const charm: StagedKinds = { options: false, artefact: true, revisionOnly: false };
const revision: StagedKinds = { options: false, artefact: true, revisionOnly: true };
const restart = capabilities({ kind: 'action', actions: [{ name: 'restart' }] }, false);
const dataPlatform = capabilities({ kind: 'action', actions: [{ name: 'resume-refresh' }], preset: 'data-platform-refresh' }, false);

describe('what a generation may stage on a controller', () => {
  it.each<[string, BackendCapabilities, StagedKinds, string | undefined]>([
    ['config on the embedded controller', capabilities({ kind: 'native' }, true), options, undefined],
    ['a charm on the embedded controller', capabilities({ kind: 'native' }, true), charm, undefined],
    ['config on Juju', restart, options, 'generation-config-not-per-unit'],
    ['config on Juju, even where the charm holds a refresh', dataPlatform, options, 'generation-config-not-per-unit'],
    ['a charm on Juju with charm actions that do not hold a refresh', restart, charm, 'generation-charm-not-per-unit'],
    ['a revision on Juju with charm actions that do not hold a refresh', restart, revision, 'generation-charm-not-per-unit'],
    ['a charm on Juju without a unit strategy', capabilities({ kind: 'none' }, false), revision, 'generation-charm-not-per-unit'],
    ['a revision on Juju where the charm holds a refresh (data-platform)', dataPlatform, revision, undefined],
    ['a channel, charm or resources on Juju where the charm holds a refresh', dataPlatform, charm, 'generation-charm-not-per-unit'],
    ['a charm where units are kept apart but nothing moves one alone', capabilities({ kind: 'none' }, true), charm, 'generation-charm-not-per-unit'],
    ['config where units are kept apart but nothing moves one alone', capabilities({ kind: 'none' }, true), options, undefined],
  ])('%s', (_case, caps, staged, code) => {
    const attempt = () => refuseUnstageable({ model: 'web', controller: 'prod', application: 'appserver', staged, capabilities: caps });
    if (code) expect(attempt).toThrow(expect.objectContaining({ code }));
    else expect(attempt).not.toThrow();
  });

  it.each([
    [{ options: { port: 1 } }, { options: true, artefact: false, revisionOnly: false }],
    [{ revision: 3 }, { options: false, artefact: true, revisionOnly: true }],
    [{ revision: 3, channel: '16/edge' }, { options: false, artefact: true, revisionOnly: false }],
    [{ resources: { image: 2 } }, { options: false, artefact: true, revisionOnly: false }],
    [{ options: {}, resources: {} }, { options: false, artefact: false, revisionOnly: false }],
    [undefined, { options: false, artefact: false, revisionOnly: false }],
  ])('reads what %j stages', (changes, expected) => {
    expect(stagedKinds(changes)).toEqual(expected);
  });
});

describe('which units a generation may move where the charm holds a refresh', () => {
  const units = ['db/0', 'db/1', 'db/2', 'db/3'];
  it.each<[string[], string | undefined]>([
    [['db/3'], undefined],
    [['db/3', 'db/2', 'db/1'], undefined],
    [['db/2'], 'generation-unit-order'],
    [['db/2', 'db/3'], 'generation-unit-order'],
    [['db/3', 'db/1'], 'generation-unit-order'],
    [['db/3', 'db/2', 'db/1', 'db/0'], 'generation-moves-every-unit'],
  ])('%j', (tracked, code) => {
    const attempt = () => refuseUnheldTargets({ controller: 'prod', application: 'db', tracked, units });
    if (code) expect(attempt).toThrow(expect.objectContaining({ code }));
    else expect(attempt).not.toThrow();
  });

  it('says which units to target instead', () => {
    expect(() => refuseUnheldTargets({ controller: 'prod', application: 'db', tracked: ['db/1'], units })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('highest number first (db/3, db/2, db/1, db/0)'), hint: 'target db/3, in that order' }),
    );
  });
});
