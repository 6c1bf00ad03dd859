import { describe, expect, it } from 'vitest';
import { mergeOverlay, type Raw } from './merge.js';

const base: Raw = {
  description: 'base',
  'default-base': 'ubuntu@22.04',
  applications: {
    web: { charm: 'nginx', num_units: 2, options: { port: 80, debug: true }, annotations: { a: 'x' }, to: ['0', '1'], constraints: 'mem=4G' },
    db: { charm: 'mysql', num_units: 1 },
  },
  saas: { cache: { url: 'admin/redis.cache' } },
  machines: { '0': {}, '1': {} },
  relations: [['web:db', 'db:db'], ['web', 'cache']],
};

describe('overlay merge, as Juju applies it', () => {
  it.each([
    ['a new application is added', { applications: { lb: { charm: 'haproxy' } } }, (b: Raw) => expect((b.applications as Raw).lb).toEqual({ charm: 'haproxy' })],
    ['an empty application deletes it and every relation naming it', { applications: { db: null } }, (b: Raw) => {
      expect((b.applications as Raw).db).toBeUndefined();
      expect(b.relations).toEqual([['web', 'cache']]);
    }],
    ['an empty saas entry deletes it and its relations', { saas: { cache: null } }, (b: Raw) => {
      expect(b.saas).toBeUndefined();
      expect(b.relations).toEqual([['web:db', 'db:db']]);
    }],
    ['scalars that are present replace the base value', { applications: { web: { num_units: 5, constraints: 'mem=8G' } } }, (b: Raw) =>
      expect((b.applications as Raw).web).toMatchObject({ num_units: 5, constraints: 'mem=8G', charm: 'nginx' })],
    ['lists are replaced, not appended', { applications: { web: { to: ['1'] } } }, (b: Raw) => expect(((b.applications as Raw).web as Raw).to).toEqual(['1'])],
    ['map entries are upserted one by one', { applications: { web: { options: { port: 8080, workers: 4 } } } }, (b: Raw) =>
      expect(((b.applications as Raw).web as Raw).options).toEqual({ port: 8080, debug: true, workers: 4 })],
    ['a null option deletes that option', { applications: { web: { options: { debug: null } } } }, (b: Raw) =>
      expect(((b.applications as Raw).web as Raw).options).toEqual({ port: 80 })],
    ['a null annotation becomes "", as Go decodes a map of strings', { applications: { web: { annotations: { a: null } } } }, (b: Raw) =>
      expect(((b.applications as Raw).web as Raw).annotations).toEqual({ a: '' })],
    ['an empty map clears the field', { applications: { web: { options: {} } } }, (b: Raw) => expect(((b.applications as Raw).web as Raw).options).toBeUndefined()],
    ['a null map clears the field', { applications: { web: { options: null } } }, (b: Raw) => expect(((b.applications as Raw).web as Raw).options).toBeUndefined()],
    ['machines are replaced wholesale', { machines: { '5': { constraints: 'cores=4' } } }, (b: Raw) => expect(b.machines).toEqual({ '5': { constraints: 'cores=4' } })],
    ['relations are appended', { relations: [['lb', 'web']] }, (b: Raw) => expect(b.relations).toEqual([['web:db', 'db:db'], ['web', 'cache'], ['lb', 'web']])],
    ['default-base, description and tags are ignored in overlays', { 'default-base': 'ubuntu@24.04', description: 'x', tags: ['t'] }, (b: Raw) =>
      expect([b['default-base'], b.description, b.tags]).toEqual(['ubuntu@22.04', 'base', undefined])],
    ['series overrides when not empty', { series: 'noble' }, (b: Raw) => expect(b.series).toBe('noble')],
    ['an empty overlay changes nothing', {}, (b: Raw) => expect(b).toEqual(base)],
    ['an application given as {} is left as it was', { applications: { web: {} } }, (b: Raw) => expect((b.applications as Raw).web).toEqual((base.applications as Raw).web)],
  ] as const)('%s', (_name, overlay, check) => {
    const merged = mergeOverlay(base, overlay as Raw);
    check(merged);
  });

  it('leaves its inputs untouched', () => {
    const before = structuredClone(base);
    mergeOverlay(base, { applications: { web: { options: { port: 1 } }, db: null } });
    expect(base).toEqual(before);
  });
});
