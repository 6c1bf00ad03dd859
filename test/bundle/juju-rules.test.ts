import { describe, expect, it } from 'vitest';
import type { JujuDialect } from '../../src/model/bundle.js';
import { loadFromMemory } from './memory-repo.js';

/**
 * Juju's verifier rules, one row each, with Juju's own message where it has one (charm v12
 * bundledata.go `verifyBundle`, juju/juju internal/charm). Base first, then overlays.
 */
const rules: [name: string, files: string[], code: string, summary: string][] = [
  ['an invalid bundle series', ['series: 9wrong\napplications:\n  web:\n    charm: nginx\n'],
    'invalid-series', 'bundle declares an invalid series "9wrong"'],
  ['an invalid application series', ['applications:\n  web:\n    charm: nginx\n    series: Jammy\n'],
    'invalid-series', 'application "web" declares an invalid series "Jammy"'],
  ['an invalid machine series', ['applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: ["0"]\nmachines:\n  "0":\n    series: "22.04"\n'],
    'invalid-series', 'invalid series 22.04 for machine "0"'],
  ['a negative number of units', ['applications:\n  web:\n    charm: nginx\n    num_units: -4\n'],
    'negative-units', 'negative number of units specified on application "web"'],
  ['a cs: charm URL', ['applications:\n  db:\n    charm: cs:mysql\n'],
    'charm-store-url', 'invalid charm URL in application "db": cannot parse URL "cs:mysql": schema "cs" not valid'],
  ['a charm URL with an unknown schema', ['applications:\n  db:\n    charm: bogus:mysql\n'],
    'invalid-charm-url', 'invalid charm URL in application "db": cannot parse URL "bogus:mysql": schema "bogus" not valid'],
  ['an offer with no endpoints once composed', ['applications:\n  db:\n    charm: mysql\n', 'applications:\n  db:\n    offers:\n      db:\n        acl: {admin: admin}\n'],
    'offer-no-endpoints', 'offer `db` of application `db` lists no endpoints'],
  // Juju says "empty charm path"; here the application is named.
  ['an application without a charm, once composed', ['applications:\n  web:\n    num_units: 1\n'],
    'application-missing-charm', 'application `web` has no charm'],
  ['machines in a Kubernetes bundle', ['bundle: kubernetes\napplications:\n  web:\n    charm: nginx-k8s\nmachines:\n  "0": {}\n'],
    'kubernetes-machines', 'bundle machines not valid for Kubernetes bundles'],
];

const load = (texts: string[]) => {
  const names = texts.map((_, i) => (i === 0 ? 'bundle.yaml' : `overlay-${i}.yaml`));
  return loadFromMemory(Object.fromEntries(names.map((n, i) => [n, texts[i]])), names);
};
const errors = async (texts: string[]) => (await load(texts)).diagnostics.filter((d) => d.severity === 'error');

describe("Juju's verifier rules, with Juju's messages", () => {
  it.each(rules)('%s', async (_name, files, code, summary) => {
    const found = await errors(files);
    expect(found.map((d) => [d.code, d.summary])).toEqual([[code, summary]]);
  });
});

/** Bundles Juju deploys, which must not be refused. */
const accepted: [name: string, files: string[]][] = [
  ['a Kubernetes bundle with a series (Juju dropped that rule)', ['bundle: kubernetes\nseries: kubernetes\napplications:\n  web:\n    charm: nginx-k8s\n    scale: 2\n']],
  ['an offer whose endpoints come from one overlay and acl from a later one that restates them', [
    'applications:\n  db:\n    charm: mysql\n',
    'applications:\n  db:\n    offers:\n      db:\n        endpoints: [db]\n',
    'applications:\n  db:\n    offers:\n      db:\n        endpoints: [db]\n        acl: {alice: consume}\n',
  ]],
  ['an offer given in a later document of the base file', ['applications:\n  db:\n    charm: mysql\n---\napplications:\n  db:\n    offers:\n      db:\n        endpoints: [db]\n']],
  ['an application whose charm comes from an overlay', ['applications:\n  db:\n    charm: mysql\n', 'applications:\n  db:\n    charm: percona-cluster\n    channel: 8.0/stable\n']],
];

describe('the composed bundle is judged, as Juju judges it', () => {
  it.each(accepted)('%s', async (_name, files) => {
    expect(await errors(files)).toEqual([]);
  });

  it('a later overlay replaces an offer whole, so its endpoints must be restated', async () => {
    const found = await errors([
      'applications:\n  db:\n    charm: mysql\n',
      'applications:\n  db:\n    offers:\n      db:\n        endpoints: [db]\n',
      'applications:\n  db:\n    offers:\n      db:\n        acl: {alice: consume}\n',
    ]);
    expect(found.map((d) => [d.code, d.file, d.line])).toEqual([['offer-no-endpoints', 'overlay-2.yaml', 4]]);
  });
});

describe('every finding at once', () => {
  it('reports a shape error and the semantic errors of the same bundle together', async () => {
    const found = await errors([
      'applications:\n  web:\n    charm: nginx\n    num_units: -4\n    expose: "yes"\n    to: [lxd:9]\n  db:\n    charm: cs:mysql\nrelations:\n  - [web:db, dbb:db]\n',
    ]);
    expect(found.map((d) => d.code).sort()).toEqual(['charm-store-url', 'invalid-type', 'negative-units', 'placement-unknown-machine', 'relation-unknown-application']);
  });
});

/**
 * Whatever shape a document has, every rule runs and none throws: each rule reads only the
 * shapes it guards (a fuzzer found `relations:` as a mapping crashing the endpoint check).
 */
const shapes: [name: string, text: string][] = [
  ['relations as a mapping', 'applications:\n  web:\n    charm: ./charms/web\nrelations:\n  a: b\n'],
  ['relations as a scalar', 'applications:\n  web:\n    charm: nginx\nrelations: 3\n'],
  ['a relation as a scalar', 'applications:\n  web:\n    charm: nginx\nrelations:\n  - web:db\n'],
  ['a relation end as a mapping', 'applications:\n  web:\n    charm: nginx\nrelations:\n  - [{a: b}, web]\n'],
  ['applications as a list', 'applications:\n  - web\n'],
  ['an application as a scalar', 'applications:\n  web: nginx\n'],
  ['to as a scalar', 'applications:\n  web:\n    charm: nginx\n    to: lxd:0\n'],
  ['to holding a mapping', 'applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: [{a: 1}]\n'],
  ['num_units as a list', 'applications:\n  web:\n    charm: nginx\n    num_units: [1]\n    to: [new]\n'],
  ['machines as a list', 'applications:\n  web:\n    charm: nginx\nmachines: [0]\n'],
  ['saas as a list', 'applications:\n  web:\n    charm: nginx\nsaas: [db]\n'],
  ['offers as a list', 'applications:\n  web:\n    charm: nginx\n---\napplications:\n  web:\n    offers: [db]\n'],
  ['an offer as a scalar', 'applications:\n  web:\n    charm: nginx\n---\napplications:\n  web:\n    offers:\n      db: db\n'],
  ['exposed-endpoints as a list', 'applications:\n  web:\n    charm: nginx\n---\napplications:\n  web:\n    exposed-endpoints: [a]\n'],
  ['options as a list', 'applications:\n  web:\n    charm: nginx\n    options: [a]\n'],
  ['storage as a scalar', 'applications:\n  web:\n    charm: nginx\n    storage: 10G\n'],
  ['series as a list', 'series: [jammy]\napplications:\n  web:\n    charm: nginx\n'],
  ['a top-level list', '- applications\n'],
];

describe('rules guard the shapes they read', () => {
  it.each(shapes)('%s: reported, never thrown', async (_name, text) => {
    const loaded = await loadFromMemory({ 'bundle.yaml': text, 'charms/web/metadata.yaml': 'name: web\n' }, ['bundle.yaml']);
    expect(loaded.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of loaded.diagnostics) expect(d.summary).not.toMatch(/undefined|TypeError|is not a function/);
  });
});

const dialectRules: [name: string, dialect: JujuDialect, text: string, codes: string[]][] = [
  ['series is fine on 3.6', '3.6', 'series: jammy\napplications:\n  web:\n    charm: nginx\n', []],
  ['series is refused on 4.0, with the base to write', '4.0', 'series: jammy\napplications:\n  web:\n    charm: nginx\n    series: noble\n', ['series-unsupported', 'series-unsupported']],
  ['two saas entries for one offer are fine on 3.6', '3.6', 'saas:\n  a:\n    url: admin/db.mysql\n  b:\n    url: admin/db.mysql\napplications:\n  web:\n    charm: nginx\n', []],
  ['two saas entries for one offer are refused on 4.0', '4.0', 'saas:\n  a:\n    url: admin/db.mysql\n  b:\n    url: ctl:admin/db.mysql\napplications:\n  web:\n    charm: nginx\n', ['saas-duplicate-offer']],
];

describe('dialects: the rules of the Juju version a controller runs', () => {
  it.each(dialectRules)('%s', async (_name, dialect, text, codes) => {
    const loaded = await loadFromMemory({ 'bundle.yaml': text }, ['bundle.yaml'], { dialect });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(codes);
  });

  it('says which base replaces a series on 4.0', async () => {
    const loaded = await loadFromMemory({ 'bundle.yaml': 'series: jammy\napplications:\n  web:\n    charm: nginx\n' }, ['bundle.yaml'], { dialect: '4.0' });
    expect(loaded.diagnostics[0]).toMatchObject({ line: 1, col: 1, hint: 'write `default-base: ubuntu@22.04` instead' });
  });
});
