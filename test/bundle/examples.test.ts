import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaValidator, type SchemaName } from '../../src/bundle/schemas.js';
import { loadDesiredBundle, loadRepoConfig, openRepo } from '../../src/repo/index.js';

const examples = resolve(import.meta.dirname, '../../examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'charms' ? [] : yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

const files = yamlFiles(examples).map((f) => relative(examples, f));
const expectedSchema = (file: string): SchemaName =>
  file === 'juju-gitops.yaml' ? 'config' : file.startsWith('overlays/') ? 'overlay' : 'bundle';

describe('the example repository', () => {
  it('holds the layout the documentation describes', () => {
    expect(files.sort()).toEqual([
      'bundles/mediawiki.yaml', 'bundles/mysql.yaml', 'bundles/openstack.yaml', 'bundles/web.yaml', 'bundles/wordpress.yaml',
      'juju-gitops.yaml', 'overlays/mysql/offers.yaml', 'overlays/web/production.yaml',
    ]);
  });

  it.each(files)('%s names its schema in a modeline, and validates against it as an editor would', (file) => {
    const text = readFileSync(join(examples, file), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    expect(modeline).not.toBeNull();
    const schemaPath = resolve(dirname(join(examples, file)), modeline![1]);
    expect(existsSync(schemaPath)).toBe(true);
    expect(schemaPath.endsWith(`schemas/${expectedSchema(file)}.schema.json`)).toBe(true);
    const validate = schemaValidator(expectedSchema(file));
    for (const doc of parseAllDocuments(text)) expect(validate(doc.toJS()), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['web', 'openstack', 'mysql', 'wordpress', 'mediawiki'])('model %s loads with no error or warning', async (model) => {
    const repo = await openRepo({ cwd: examples });
    const loaded = await loadDesiredBundle(repo, await loadRepoConfig(repo), model);
    expect(loaded.diagnostics).toEqual([]);
  });

  it('describes four appservers behind haproxy, related http to backend, with a production overlay', async () => {
    const repo = await openRepo({ cwd: examples });
    const config = await loadRepoConfig(repo);
    const { bundle } = await loadDesiredBundle(repo, config, 'web');
    expect(bundle.applications.appserver).toMatchObject({ charm: join(examples, 'charms/appserver'), num_units: 4, options: { build_label: 'v1' } });
    expect(bundle.applications.haproxy.charm).toBe(join(examples, 'charms/haproxy'));
    expect(bundle.relations).toEqual([['haproxy:backend', 'appserver:http']]);
    expect(bundle.applications.appserver.annotations).toEqual({ environment: 'production' });
    expect(config.models.web.applications.appserver.healthCheck).toEqual({ type: 'http', url: 'http://{address}:{port}/health' });
  });

  it('offers mysql:db and consumes it from wordpress and mediawiki through saas', async () => {
    const repo = await openRepo({ cwd: examples });
    const config = await loadRepoConfig(repo);
    const mysql = (await loadDesiredBundle(repo, config, 'mysql')).bundle;
    expect(mysql.applications.mysql.offers).toEqual({ db: { endpoints: ['db'], acl: { admin: 'admin' } } });
    for (const consumer of ['wordpress', 'mediawiki']) {
      const { bundle } = await loadDesiredBundle(repo, config, consumer);
      expect(bundle.saas).toEqual({ mysql: { url: 'admin/mysql.db' } });
      expect(bundle.relations).toEqual([[`${consumer}:db`, 'mysql:db']]);
    }
  });
});
