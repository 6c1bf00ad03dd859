import { describe, expect, it } from 'vitest';
import { defaultRolloutPolicy } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import { loadRepoConfig, modelFromJujuEnv } from './config.js';
import type { Repo } from './open.js';

const repoWith = (text: string): Repo => ({
  root: '/repo',
  readFile: async () => text,
  readBytes: async () => Buffer.from(text),
  exists: async () => true,
  headCommit: async () => undefined,
  source: async () => ({ dirty: false }),
});

async function configError(text: string): Promise<GitopsError> {
  try {
    await loadRepoConfig(repoWith(text));
  } catch (error) {
    if (error instanceof GitopsError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('juju-gitops.yaml', () => {
  it('fills defaults: the local controller, bundle path, and a complete rollout policy', async () => {
    const config = await loadRepoConfig(repoWith('models:\n  web: {}\n'));
    expect(config.controllers).toEqual({ local: { kind: 'local' } });
    expect(config.models.web).toEqual({
      name: 'web', controller: 'local', bundle: 'bundles/web.yaml', overlays: [], prune: false, records: 'write', secrets: [],
      rollout: defaultRolloutPolicy, dialect: '3.6', applications: {},
    });
  });

  it.each([
    ['version: 4.0', '4.0'],
    ['version: "4.0"', '4.0'],
    ['version: 3.6', '3.6'],
    ['kind: juju', '3.6'],
  ])('gives a model the bundle rules of its controller (%s → %s)', async (line, dialect) => {
    const config = await loadRepoConfig(repoWith(`controllers:\n  prod:\n    kind: juju\n    ${line}\nmodels:\n  web: {controller: prod}\n  dev: {}\n`));
    expect(config.models.web.dialect).toBe(dialect);
    expect(config.models.dev.dialect).toBe('3.6');
  });

  it('reports schema and cross-field problems together, not one group at a time', async () => {
    const error = await configError('controllers:\n  prod: {kind: juju, version: 5}\nmodels:\n  web:\n    controller: prd\n    overlay: [a.yaml]\n    rollout: {batch: 1, maxUnavailable: 2}\n');
    expect(error.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['invalid-value', 2], ['misspelled-key', 6], ['unknown-controller', 5], ['batch-and-max-unavailable', 7],
    ]);
  });

  it('maps policy per model and per application, durations in milliseconds', async () => {
    const config = await loadRepoConfig(repoWith(`
controllers:
  prod: {kind: juju}
models:
  web:
    controller: prod
    overlays: [a.yaml, b.yaml]
    prune: true
    secrets: [api-key]
    rollout:
      maxUnavailable: 2
      order: [web/3, web/1]
      healthCheck: {type: http, url: "http://{address}:{port}/health"}
      healthTimeout: 2m
      pause: 1.5
      canary: 1
      rollback: true
      drain: ./drain.sh
      undrain: ./undrain.sh
    applications:
      haproxy: {batch: 1, healthCheck: {type: exec, command: "true"}, pause: 500ms}
`));
    expect(config.controllers.prod).toEqual({ kind: 'juju', name: 'prod', repoRoot: '/repo', models: { web: { model: 'web', applications: {} } } });
    expect(config.models.web).toMatchObject({
      controller: 'prod', overlays: ['a.yaml', 'b.yaml'], prune: true, secrets: ['api-key'],
      rollout: {
        batch: 2, order: ['web/3', 'web/1'], healthCheck: { type: 'http', url: 'http://{address}:{port}/health' },
        healthTimeoutMs: 120_000, pauseMs: 1500, canary: 1, rollback: true, drain: { command: './drain.sh', runOn: 'unit' }, undrain: { command: './undrain.sh', runOn: 'unit' },
      },
      dialect: '3.6',
      applications: { haproxy: { batch: 1, healthCheck: { type: 'exec', command: 'true' }, pauseMs: 500 } },
    });
  });

  it('binds models to a Juju controller with their Juju names and unit strategies', async () => {
    const config = await loadRepoConfig(repoWith(`
controllers:
  prod: {kind: juju, controller: prod-maas, version: '4.0', jujuData: /etc/juju, command: /snap/bin/juju}
models:
  web:
    controller: prod
    model: web-prod
    rollout: {unitStrategy: {actions: [restart]}}
    applications:
      keystone: {unitStrategy: openstack-upgrade}
      postgresql: {unitStrategy: {actions: [{name: resume-refresh, onNextUnit: true}]}}
`));
    expect(config.controllers.prod).toEqual({
      kind: 'juju', name: 'prod-maas', version: '4.0', jujuData: '/etc/juju', command: '/snap/bin/juju', repoRoot: '/repo',
      models: {
        web: {
          model: 'web-prod',
          unitStrategy: { actions: ['restart'] },
          applications: { keystone: 'openstack-upgrade', postgresql: { actions: [{ name: 'resume-refresh', onNextUnit: true }] } },
        },
      },
    });
    expect(config.models.web).toMatchObject({ jujuModel: 'web-prod', rollout: { unitStrategy: { actions: ['restart'] } } });
  });

  it.each([
    [{ JUJU_MODEL: 'prod-maas:web-prod' }, 'web'],
    [{ JUJU_MODEL: 'admin/web-prod', JUJU_CONTROLLER: 'prod-maas' }, 'web'],
    [{ JUJU_MODEL: 'web-prod' }, 'web'],
    [{ JUJU_MODEL: 'other:web-prod' }, undefined],
    [{ JUJU_MODEL: 'web' }, undefined],
    [{}, undefined],
  ])('as a Juju plugin, finds the model Juju names in %j', async (env, expected) => {
    const config = await loadRepoConfig(repoWith('controllers:\n  prod: {kind: juju, controller: prod-maas}\nmodels:\n  web: {controller: prod, model: web-prod}\n  local-web: {}\n'));
    expect(modelFromJujuEnv(config, env)).toBe(expected);
  });

  it.each([
    ['an unknown unit strategy', 'models:\n  web:\n    rollout: {unitStrategy: rolling}\n', 'invalid-value', 3, 29, undefined],
    ['a misspelt key', 'models:\n  web:\n    overlay: [a.yaml]\n', 'misspelled-key', 3, 5, 'did you mean `overlays`?'],
    ['an unknown controller', 'models:\n  web:\n    controller: prd\ncontrollers:\n  prod: {kind: juju}\n', 'unknown-controller', 3, 17, 'did you mean `prod`?'],
    ['a duration without a unit', 'models:\n  web:\n    rollout:\n      pause: 30 seconds\n', 'invalid-value', 4, 14, '30s'],
    ['an http check without a URL', 'models:\n  web:\n    rollout:\n      healthCheck: {type: http}\n', 'missing-field', 4, 7, undefined],
    ['an unknown order', 'models:\n  web:\n    rollout:\n      order: random\n', 'invalid-value', 4, 14, undefined],
    ['batch and maxUnavailable together', 'models:\n  web:\n    rollout: {batch: 1, maxUnavailable: 2}\n', 'batch-and-max-unavailable', 3, 25, undefined],
    ['a controller of unknown kind', 'controllers:\n  x: {kind: lxd}\nmodels: {}\n', 'invalid-value', 2, 13, undefined],
  ])('refuses %s at its position', async (_name, text, code, line, col, hint) => {
    const error = await configError(text);
    expect(error.code).toBe('config-invalid');
    expect(error.diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([[code, 'juju-gitops.yaml', line, col]]);
    if (hint) expect(error.diagnostics[0].hint).toContain(hint);
  });

  it('reports every bad duration, not only the first of those sharing a schema definition', async () => {
    const error = await configError('models:\n  web:\n    rollout:\n      healthTimeout: 2 minutes\n      pause: -5s\n');
    expect(error.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([
      ['invalid-value', 4, 22],
      ['invalid-value', 5, 14],
    ]);
  });
});
