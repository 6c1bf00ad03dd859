import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFiles, renderBundle, type LoadedBundle } from '../../src/bundle/index.js';
import { hasErrors } from '../../src/model/diagnostic.js';

import { corpusBundles as corpus } from '../helpers/corpus.js';
const fixtures = join(import.meta.dirname, 'fixtures');
/** The corpus is flattened, so local charm folders named by its bundles are not there. */
const charmsPresent = { exists: async () => true };

const load = (files: string[]) => loadBundleFiles(files, { root: corpus, ...charmsPresent });
const errors = (loaded: LoadedBundle) => loaded.diagnostics.filter((d) => d.severity === 'error');
const found = (loaded: LoadedBundle) => errors(loaded).map((d) => [d.code, d.file, d.line, d.col]);

/** Known-bad corpus files: the codes they get, and where. */
const invalid: Record<string, [code: string, line: number, col: number][]> = {
  // Template with {{…}} placeholders: not YAML as committed.
  'juju__tests__suites__model__bundles__saas_wordpress.yaml': [['yaml-syntax', 4, 41]],
  // `expose: true` in the base and exposed-endpoints in the overlay document.
  'juju__tests__suites__firewall__bundles__invalid.yaml': [['expose-conflict', 17, 5]],
  // Python format placeholder as the model name of the offer URL.
  'python-libjuju__tests__integration__bundle__cmr-bundle.yaml': [['saas-invalid-url', 3, 10]],
  // Legacy `services:` key, which Juju 3 no longer reads: its relations then name nothing.
  'juju-charm__internal__test-charm-repo__bundle__wordpress-legacy__bundle.yaml': [
    ['legacy-services-key', 1, 1],
    ['relation-unknown-application', 8, 8],
    ['relation-unknown-application', 8, 24],
  ],
  'juju__testcharms__charm-repo__bundle__aws-integrator-trust-multi__bundle.yaml': [['legacy-services-key', 1, 1]],
  'juju__testcharms__charm-repo__bundle__aws-integrator-trust-single__bundle.yaml': [['legacy-services-key', 1, 1]],
  'juju__testcharms__charm-repo__bundle__wordpress-dashboard-with-miner-backend__bundle.yaml': [['legacy-services-key', 1, 1]],
  // Charm store URLs, which Juju 3 refuses: `schema "cs" not valid`.
  'charm-keystone__tests__bundles__xenial-mitaka.yaml': [['charm-store-url', 20, 12], ['charm-store-url', 33, 12]],
  'juju__testcharms__charm-repo__bundle__kubernetes-simple__bundle.yaml': [['charm-store-url', 4, 16], ['charm-store-url', 7, 16]],
  'juju__testcharms__charm-repo__bundle__wordpress-with-endpoint-bindings__bundle.yaml': [['charm-store-url', 3, 16], ['charm-store-url', 11, 16]],
  'juju__testcharms__charm-repo__bundle__wordpress-with-mysql-storage__bundle.yaml': [['charm-store-url', 3, 16], ['charm-store-url', 6, 16]],
  // Fragment: relations to applications defined in other fragments.
  'charmed-kubernetes-bundle__fragments__cni__calico__bundle.yaml': [
    ['relation-unknown-application', 12, 7],
    ['relation-unknown-application', 14, 7],
    ['relation-unknown-application', 16, 7],
  ],
  // Rendered test output naming `.charm` files without `./`, which Juju parses as charm URLs.
  'sdcore-bundles__render_bundle__tests__unit__lib__expected_bundle_local.yaml': [
    ['invalid-charm-url', 6, 12],
    ['invalid-charm-url', 13, 12],
    ['invalid-charm-url', 16, 12],
  ],
};

/** Overlays, with the base bundle each was written for (from the corpus, or its shape in fixtures/). */
const ck = join(corpus, 'charmed-kubernetes-bundle__releases__1.35__bundle.yaml');
const cosLite = join(fixtures, 'cos-lite.yaml');
const overlays: Record<string, string> = {
  'charmed-kubernetes-bundle__overlays__aws-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__aws-storage-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__ceph-fs.yaml': ck,
  'charmed-kubernetes-bundle__overlays__equinix-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__flannel-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__ipv4-ipv6-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__kube-ovn-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__logging-egf-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__monitoring-pgt-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__tigera-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__vault-pki-ha-overlay.yaml': ck,
  'charmed-kubernetes-bundle__overlays__vsphere-overlay.yaml': ck,
  'juju__tests__suites__ck__overlay.yaml': ck,
  'cos-lite-bundle__overlays__offers-overlay.yaml': cosLite,
  'cos-lite-bundle__overlays__testing-overlay.yaml': cosLite,
  'cos-lite-bundle__overlays__three-nodes-overlay.yaml': cosLite,
  'cos-lite-bundle__overlays__tls-overlay.yaml': cosLite,
  'juju__tests__suites__coslite__overlay__offers-overlay.yaml': cosLite,
  'juju__tests__suites__magma__overlay__overlay.yaml': join(fixtures, 'magma-orc8r.yaml'),
  'charm-keystone__tests__bundles__overlays__local-charm-overlay.yaml.j2.yaml': join(corpus, 'charm-keystone__tests__bundles__noble-caracal.yaml'),
  'python-libjuju__tests__integration__bundle__test-overlays__test-overlay.yaml': join(fixtures, 'juju-qa-bundle-test.yaml'),
};
/** Overlays that name charm store charms, with every error Juju 3 would report for them. */
const wiki = join(fixtures, 'wiki-simple.yaml');
const charmStoreOverlays: Record<string, [file: string, line: number, col: number][]> = {
  'python-libjuju__tests__integration__bundle__test-overlays__wiki-simple-overlay.yaml': [[wiki, 6, 12], ['python-libjuju__tests__integration__bundle__test-overlays__wiki-simple-overlay.yaml', 5, 12]],
  'python-libjuju__tests__integration__bundle__test-overlays__wiki-multi-overlay.yaml': [[wiki, 6, 12], ['python-libjuju__tests__integration__bundle__test-overlays__wiki-multi-overlay.yaml', 14, 12]],
};
/** Written for CK releases before kubernetes-master was renamed; every base in the corpus is newer. */
const olderBase = 'juju__tests__suites__ck__overlay__aws.yaml';

const all = readdirSync(corpus).filter((f) => f.endsWith('.yaml'));
const standalone = all.filter((f) => !(f in overlays) && !(f in charmStoreOverlays) && f !== olderBase);
const valid = standalone.filter((f) => !(f in invalid));

describe('the real bundles of the corpus', () => {
  it('covers every corpus file', () => {
    expect(valid.length + Object.keys(invalid).length + Object.keys(overlays).length + Object.keys(charmStoreOverlays).length + 1).toBe(all.length);
  });

  it.each(valid)('%s loads, merges and validates without errors', async (file) => {
    const loaded = await load([file]);
    expect(found(loaded)).toEqual([]);
    expect(Object.keys(loaded.bundle.applications).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(invalid))('%s is refused with the right codes and positions', async (file, expected) => {
    const loaded = await load([file]);
    expect(found(loaded)).toEqual(expected.map(([code, line, col]) => [code, file, line, col]));
  });

  it.each(Object.entries(overlays))('%s applies onto the bundle it was written for', async (overlay, base) => {
    const loaded = await load([base, overlay]);
    expect(found(loaded)).toEqual([]);
  });

  it.each(Object.entries(charmStoreOverlays))('%s is refused for its cs: charms wherever they are written', async (overlay, expected) => {
    const loaded = await load([wiki, overlay]);
    expect(found(loaded)).toEqual(expected.map(([file, line, col]) => ['charm-store-url', file, line, col]));
  });

  it('refuses cs: URLs as Juju 3 does, with the Charmhub name to write instead', async () => {
    const [first] = errors(await load(['charm-keystone__tests__bundles__xenial-mitaka.yaml']));
    // Juju: `invalid charm URL in application %q: %v` around ParseURL's `cannot parse URL %q: schema "cs" not valid`.
    expect(first.summary).toBe('invalid charm URL in application "mysql": cannot parse URL "cs:~openstack-charmers-next/percona-cluster": schema "cs" not valid');
    expect(first.hint).toContain('`charm: percona-cluster` and `channel: latest/stable`');
  });

  it('names the overlay file when the overlay is the problem', async () => {
    const loaded = await load([join(corpus, 'charmed-kubernetes-bundle__releases__1.24__bundle.yaml'), olderBase]);
    expect(found(loaded)).toEqual([['charm-store-url', olderBase, 7, 12], ['relation-unknown-application', olderBase, 11, 24]]);
  });

  it.each(valid)('%s renders, parses back and renders the same', async (file) => {
    const first = renderBundle((await load([file])).bundle);
    const again = await loadRenderedText(first);
    expect(hasErrors(again.diagnostics)).toBe(false);
    expect(renderBundle(again.bundle)).toBe(first);
  });
});

describe('overlay semantics on real overlays', () => {
  it('deleting an application with an empty value also drops its relations (flannel replaces calico)', async () => {
    const base = await load([ck]);
    const loaded = await load([ck, 'charmed-kubernetes-bundle__overlays__flannel-overlay.yaml']);
    expect(loaded.bundle.applications.calico).toBeUndefined();
    expect(loaded.bundle.applications.flannel).toBeDefined();
    expect(JSON.stringify(loaded.bundle.relations)).not.toMatch(/calico/);
    expect(JSON.stringify(base.bundle.relations)).toMatch(/calico/);
  });

  it('applies the documents of a multi-document overlay in order', async () => {
    const loaded = await load([join(fixtures, 'wiki-simple.yaml'), 'python-libjuju__tests__integration__bundle__test-overlays__wiki-multi-overlay.yaml']);
    expect(Object.keys(loaded.bundle.applications).sort()).toEqual(['mysql', 'wiki']);
    expect(loaded.bundle.applications.mysql.charm).toBe('cs:trusty/mysql-57');
    expect(loaded.bundle.relations).toEqual([['wiki:db', 'mysql:db']]);
  });

  it('turns an overlay `scale` into num_units, leaving other fields alone', async () => {
    const loaded = await load([cosLite, 'cos-lite-bundle__overlays__testing-overlay.yaml']);
    expect(loaded.bundle.applications.alertmanager).toMatchObject({ num_units: 2, charm: 'alertmanager-k8s', options: { cpu: '1m' } });
    expect(loaded.bundle.relations).toContainEqual(['avalanche:metrics-endpoint', 'prometheus']);
  });

  it('keeps overlay-only fields out of the base document when rendering', async () => {
    const loaded = await load([cosLite, 'cos-lite-bundle__overlays__offers-overlay.yaml']);
    const text = renderBundle(loaded.bundle);
    const [base, overlay] = text.split('--- # overlay.yaml\n');
    expect(base).not.toMatch(/offers:/);
    expect(overlay).toMatch(/grafana-dashboards:/);
    const again = await loadRenderedText(text);
    expect(again.bundle.applications.grafana.offers).toEqual(loaded.bundle.applications.grafana.offers);
  });
});

async function loadRenderedText(text: string): Promise<LoadedBundle> {
  const path = join(corpus, 'rendered.yaml');
  return loadBundleFiles([path], { root: corpus, ...charmsPresent, readFile: async (p) => (p === path ? text : readFileSync(p, 'utf8')) });
}
