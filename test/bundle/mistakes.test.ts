import { describe, expect, it } from 'vitest';
import { loadFromMemory } from './memory-repo.js';

const charms = { 'charms/appserver/metadata.yaml': 'name: appserver\n' };

interface Mistake {
  name: string;
  files: Record<string, string>;
  /** Base first, then overlays; defaults to bundle.yaml alone. */
  order?: string[];
  /** Every error expected: code, file, line, col, and optionally a hint fragment. */
  errors: [code: string, file: string, line: number, col: number, hint?: string][];
}

const bundle = (text: string) => ({ 'bundle.yaml': text, ...charms });

const mistakes: Mistake[] = [
  {
    name: 'an option the local charm does not declare',
    files: {
      ...bundle('applications:\n  appserver:\n    charm: ./charms/appserver\n    options:\n      build_lable: v2\n'),
      'charms/appserver/config.yaml': 'options:\n  build_label: {type: string, default: v1}\n',
    },
    errors: [['option-unknown', 'bundle.yaml', 5, 7, 'did you mean `build_label`?']],
  },
  {
    name: 'an option value of the wrong type for the local charm',
    files: {
      ...bundle('applications:\n  appserver:\n    charm: ./charms/appserver\n    options:\n      port: eighty\n'),
      'charms/appserver/config.yaml': 'options:\n  port: {type: int, default: 0, description: Port on 127.0.0.1}\n',
    },
    errors: [['option-type', 'bundle.yaml', 5, 13, 'port: Port on 127.0.0.1']],
  },
  {
    name: 'a relation endpoint the local charm does not have',
    files: {
      ...bundle('applications:\n  appserver:\n    charm: ./charms/appserver\n  lb:\n    charm: haproxy\nrelations:\n  - [appserver:htp, lb:backend]\n'),
      'charms/appserver/metadata.yaml': 'name: appserver\nprovides:\n  http:\n    interface: http\n',
    },
    errors: [['relation-unknown-endpoint', 'bundle.yaml', 7, 6, 'did you mean `appserver:http`?']],
  },
  {
    name: 'num_units as a string',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: "3"\n'),
    errors: [['invalid-type', 'bundle.yaml', 4, 16, 'without quotes: 3']],
  },
  {
    name: 'a typo in a top-level key (the typo itself only warns; the missing section is the error)',
    files: bundle('aplications:\n  web:\n    charm: nginx\n'),
    errors: [['missing-field', 'bundle.yaml', 1, 1]],
  },
  {
    name: 'a relation to a missing application',
    files: bundle('applications:\n  web:\n    charm: wordpress\n  mysql:\n    charm: mysql\nrelations:\n  - [web:db, mysqll:db]\n'),
    errors: [['relation-unknown-application', 'bundle.yaml', 7, 14, 'did you mean `mysql`?']],
  },
  {
    name: 'a relation of an application to itself',
    files: bundle('applications:\n  web:\n    charm: nginx\nrelations:\n- - web:peer\n  - web:peer\n'),
    errors: [['relation-self', 'bundle.yaml', 5, 3]],
  },
  {
    name: 'the same relation twice, written the other way round',
    files: bundle('applications:\n  a:\n    charm: x\n  b:\n    charm: y\nrelations:\n- [a:db, b:db]\n- [b:db, a:db]\n'),
    errors: [['relation-duplicate', 'bundle.yaml', 8, 3]],
  },
  {
    name: 'placement on a machine that is not declared',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: ["lxd:7"]\n'),
    errors: [['placement-unknown-machine', 'bundle.yaml', 5, 10]],
  },
  {
    name: 'placement on a unit the target application does not have',
    files: bundle('applications:\n  db:\n    charm: mysql\n    num_units: 1\n  web:\n    charm: nginx\n    num_units: 1\n    to:\n    - db/1\n'),
    errors: [['placement-unit-out-of-range', 'bundle.yaml', 9, 7]],
  },
  {
    name: 'placement with bad syntax',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: ["lxd 0"]\n'),
    errors: [['invalid-placement', 'bundle.yaml', 5, 10]],
  },
  {
    name: 'more placements than units',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: [new, new]\nmachines: {}\n'),
    errors: [['too-many-placements', 'bundle.yaml', 5, 5, 'raise num_units to 2']],
  },
  {
    name: 'a machine no unit is placed on',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: ["0"]\nmachines:\n  "0": {}\n  "1": {}\n'),
    errors: [['machine-unreferenced', 'bundle.yaml', 8, 3]],
  },
  {
    name: 'an overlay changing an application the bundle does not have',
    files: {
      ...bundle('applications:\n  appserver:\n    charm: ./charms/appserver\n    num_units: 4\n'),
      'overlays/prod.yaml': 'applications:\n  appservr:\n    options:\n      build_label: v2\n',
    },
    order: ['bundle.yaml', 'overlays/prod.yaml'],
    errors: [['application-missing-charm', 'overlays/prod.yaml', 2, 3, 'did you mean `appserver`?']],
  },
  {
    name: 'an include that leaves the repository',
    files: bundle('applications:\n  web:\n    charm: nginx\n    options:\n      cert: include-file://../../etc/passwd\n'),
    errors: [['include-escapes-repo', 'bundle.yaml', 5, 13]],
  },
  {
    name: 'an include of a missing file, relative to the overlay holding it',
    files: {
      ...bundle('applications:\n  web:\n    charm: nginx\n'),
      'overlays/o.yaml': 'applications:\n  web:\n    annotations:\n      motd: include-file://motd.txt\n',
    },
    order: ['bundle.yaml', 'overlays/o.yaml'],
    errors: [['include-not-found', 'overlays/o.yaml', 4, 13, 'relative to the folder of the file that holds them (/repo/overlays)']],
  },
  {
    name: 'an alias bomb',
    files: bundle(
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n' +
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\napplications: {}\n',
    ),
    errors: [['yaml-alias-limit', 'bundle.yaml', 2, 8]],
  },
  {
    name: 'a revision without a channel',
    files: bundle('applications:\n  db:\n    charm: mysql\n    revision: 42\n'),
    errors: [['revision-needs-channel', 'bundle.yaml', 4, 5, 'channel']],
  },
  {
    name: 'a revision in the charm URL',
    files: bundle('applications:\n  db:\n    charm: mysql-42\n'),
    errors: [['charm-url-revision', 'bundle.yaml', 3, 12, '`revision: 42`']],
  },
  {
    name: 'offers in the base bundle',
    files: bundle('applications:\n  db:\n    charm: mysql\n    offers:\n      db:\n        endpoints: [db]\n'),
    errors: [['overlay-field-in-base', 'bundle.yaml', 4, 5]],
  },
  {
    name: 'expose: true with exposed-endpoints',
    files: {
      ...bundle('applications:\n  web:\n    charm: nginx\n    expose: true\n'),
      'o.yaml': 'applications:\n  web:\n    exposed-endpoints:\n      "":\n        expose-to-cidrs: [10.0.0.0/8]\n',
    },
    order: ['bundle.yaml', 'o.yaml'],
    errors: [['expose-conflict', 'o.yaml', 3, 5]],
  },
  {
    name: 'an overlay still using `services:`',
    files: { ...bundle('applications:\n  web:\n    charm: nginx\n'), 'o.yaml': 'services:\n  web:\n    num_units: 2\n' },
    order: ['bundle.yaml', 'o.yaml'],
    errors: [['legacy-services-key', 'o.yaml', 1, 1, 'rename `services:` to `applications:`']],
  },
  {
    name: 'an unknown constraint',
    files: bundle('applications:\n  web:\n    charm: nginx\n    constraints: cores=2 memory=4G\n'),
    errors: [['invalid-constraints', 'bundle.yaml', 4, 18]],
  },
  {
    name: 'a storage directive that does not parse',
    files: bundle('applications:\n  db:\n    charm: postgresql\n    storage:\n      pgdata: ebs,10G,fast disk\n'),
    errors: [['invalid-storage', 'bundle.yaml', 5, 15]],
  },
  {
    name: 'machines in a Kubernetes bundle',
    files: bundle('bundle: kubernetes\napplications:\n  web:\n    charm: nginx-k8s\nmachines:\n  "0": {}\n'),
    errors: [['kubernetes-machines', 'bundle.yaml', 5, 1]],
  },
  {
    name: 'a saas URL without an offer name',
    files: bundle('saas:\n  db:\n    url: admin/mysql\napplications:\n  web:\n    charm: wordpress\n'),
    errors: [['saas-invalid-url', 'bundle.yaml', 3, 10]],
  },
  {
    name: 'both scale and num_units',
    files: bundle('applications:\n  web:\n    charm: nginx\n    num_units: 2\n    scale: 3\n'),
    errors: [['scale-and-num-units', 'bundle.yaml', 5, 12]],
  },
  {
    name: 'a key indented deeper than the key above it (one error, at the key, not two on the line before)',
    files: bundle('applications:\n  web:\n    charm: nginx\n      num_units: 2\n'),
    errors: [['yaml-indentation', 'bundle.yaml', 4, 7, 'start `num_units` at column 5, under `charm`']],
  },
  {
    name: 'a key indented less than its siblings',
    files: bundle('applications:\n  web:\n    charm: nginx\n   num_units: 2\n'),
    errors: [['yaml-indentation', 'bundle.yaml', 4, 1, 'must start at the same column']],
  },
  {
    name: 'a tab used for indentation',
    files: bundle('applications:\n  web:\n\tcharm: nginx\n'),
    errors: [['yaml-syntax', 'bundle.yaml', 3, 1]],
  },
  {
    name: 'expose written as a quoted string',
    files: bundle('applications:\n  web:\n    charm: nginx\n    expose: "yes"\n'),
    errors: [['invalid-type', 'bundle.yaml', 4, 13, 'true or false']],
  },
  {
    name: 'an application with an empty body in the base bundle',
    files: bundle('applications:\n  web:\n  db:\n    charm: mysql\n'),
    errors: [['application-undefined', 'bundle.yaml', 2, 3]],
  },
  {
    name: 'a local charm folder that does not exist',
    files: bundle('applications:\n  web:\n    charm: ./charms/webapp\n'),
    errors: [['charm-path-not-found', 'bundle.yaml', 3, 12]],
  },
  {
    name: 'a bundle file that is not there',
    files: bundle('applications: {}\n'),
    order: ['bundles/missing.yaml'],
    errors: [['file-not-found', 'bundles/missing.yaml', undefined as unknown as number, undefined as unknown as number]],
  },
];

describe('realistic mistakes get a precise, positioned diagnostic', () => {
  it.each(mistakes.map((m) => [m.name, m] as const))('%s', async (_name, mistake) => {
    const loaded = await loadFromMemory(mistake.files, mistake.order ?? ['bundle.yaml']);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.file, d.line, d.col])).toEqual(mistake.errors.map(([c, f, l, col]) => [c, f, l, col]));
    mistake.errors.forEach(([, , , , hint], i) => {
      if (hint) expect(errors[i].hint).toContain(hint);
    });
  });
});

/**
 * Juju decodes bundles leniently: an unknown key is dropped and the bundle deploys (its own
 * tests deploy bundles with `sries:` and `constrai:`; `juju deploy --dry-run` warns "These
 * fields … will be ignored during deployment"). So these warn, with the near miss, and never refuse.
 */
const ignoredKeys: [name: string, text: string, code: string, line: number, col: number, hint: string][] = [
  ['a typo in an application key', 'applications:\n  web:\n    charm: nginx\n    constraint: cores=2\n', 'misspelled-key', 4, 5, 'did you mean `constraints`?'],
  ['`sries:` as in Juju\'s own tests', 'applications:\n  web:\n    charm: nginx\n    sries: jammy\n', 'misspelled-key', 4, 5, 'did you mean `series`?'],
  ['`constrai:` as in Juju\'s own tests', 'applications:\n  web:\n    charm: nginx\n    num_units: 1\n    to: ["0"]\nmachines:\n  "0":\n    constrai: cores=2\n', 'unknown-key', 8, 5, 'known keys here: constraints'],
  ['`name:` at the top level', 'name: wiki\napplications:\n  web:\n    charm: nginx\n', 'unknown-key', 1, 1, 'known keys here'],
  ['options written at the indentation of `options:`', 'applications:\n  web:\n    charm: nginx\n    options:\n    worker_processes: 4\n', 'misindented-key', 5, 5, 'indent `worker_processes` under `options:`'],
];

describe('unknown keys warn as Juju ignores them, and never refuse the bundle', () => {
  it.each(ignoredKeys)('%s', async (_name, text, code, line, col, hint) => {
    const loaded = await loadFromMemory({ 'bundle.yaml': text }, ['bundle.yaml']);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((d) => [d.code, d.line, d.col])).toEqual([[code, line, col]]);
    expect(warnings[0].hint).toContain(hint);
    expect(warnings[0].summary).toContain('ignored by Juju');
  });
});
