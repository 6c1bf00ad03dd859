import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CharmCatalogue, parseCharmUrl } from './catalogue.js';
import { loadCharm } from './load-charm.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/charms');

describe('loadCharm', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-charm-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  };

  it('reads the example appserver: endpoints, typed options and its workload', () => {
    const charm = loadCharm(path.join(examples, 'appserver'));
    expect(charm.info).toMatchObject({
      name: 'appserver',
      subordinate: false,
      hasWorkload: true,
      endpoints: { http: { interface: 'http', role: 'provider' } },
      config: { build_label: { type: 'string', default: 'v1' }, port: { type: 'int', default: 0 } },
    });
    expect(charm.workload).toMatchObject({ command: process.execPath, portOption: 'port', health: { http: '/health' } });
  });

  it('reads the example haproxy, which requires a backend and wants relation changes signalled', () => {
    const charm = loadCharm(path.join(examples, 'haproxy'));
    expect(charm.info.endpoints.backend).toEqual({ interface: 'http', role: 'requirer' });
    expect(charm.workload?.notifyRelations).toBe('SIGHUP');
  });

  it('reports every problem of a broken charm together, with its file', () => {
    write({
      'metadata.yaml': 'name: Broken Name\nrequires:\n  db: {}\n',
      'config.yaml': 'options:\n  level: {type: colour}\n',
      'workload.yaml': 'command: /nonexistent/bin/server\nargs: ["{config.missing}"]\nbogus: 1\n',
    });
    try {
      loadCharm(dir);
      expect.unreachable();
    } catch (error) {
      const codes = (error as { diagnostics: { code: string; file: string }[] }).diagnostics.map((d) => d.code).sort();
      expect(codes).toEqual([
        'charm-endpoints-invalid',
        'charm-name-invalid',
        'charm-option-type',
        'workload-command-not-found',
        'workload-key-unknown',
        'workload-template-unknown',
      ]);
    }
  });

  it('refuses a folder without metadata.yaml', () => {
    expect(() => loadCharm(dir)).toThrow(expect.objectContaining({ code: 'charm-not-found' }));
  });
});

describe('CharmCatalogue', () => {
  it.each([
    ['ch:mysql', { name: 'mysql' }],
    ['cs:~containers/xenial/easyrsa-12', { name: 'easyrsa', revision: 12 }],
    ['postgresql-k8s', { name: 'postgresql-k8s' }],
  ])('reads the opaque charm URL %s', (url, expected) => {
    expect(parseCharmUrl(url)).toEqual(expected);
  });

  it('finds local:NAME in its folders and any path given absolutely', () => {
    const catalogue = new CharmCatalogue([examples]);
    expect(catalogue.resolve('local:appserver')).toMatchObject({ kind: 'local', charm: { info: { name: 'appserver' } } });
    expect(catalogue.resolve(path.join(examples, 'haproxy'))).toMatchObject({ kind: 'local', charm: { info: { name: 'haproxy' } } });
    expect(() => catalogue.resolve('local:nothing')).toThrow(expect.objectContaining({ code: 'charm-not-found' }));
    expect(() => catalogue.resolve('./charms/appserver')).toThrow(expect.objectContaining({ code: 'charm-path-relative' }));
  });
});
