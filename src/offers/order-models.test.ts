import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import { modelDependencies, orderModelsByOffers } from './order-models.js';

const consumes = (...urls: string[]): Bundle => ({ applications: {}, saas: Object.fromEntries(urls.map((u, i) => [`s${i}`, { url: u }])) });
const models = (spec: Record<string, Bundle>) => Object.entries(spec).map(([model, bundle]) => ({ model, controller: 'local', bundle }));

describe('ordering models by their offers', () => {
  it.each([
    ['consumers listed first', { wordpress: consumes('admin/mysql.db'), mediawiki: consumes('mysql.db'), mysql: consumes() }, ['mysql', 'wordpress', 'mediawiki']],
    ['a chain', { app: consumes('admin/api.http'), api: consumes('local:admin/db.db'), db: consumes() }, ['db', 'api', 'app']],
    ['an offer of another controller', { app: consumes('prod:admin/db.db'), db: consumes() }, ['app', 'db']],
    ['an offer of a model outside the repository', { app: consumes('admin/elsewhere.db') }, ['app']],
  ])('puts offering models first: %s', (_, spec, expected) => {
    const list = models(spec);
    expect(orderModelsByOffers(list.map((m) => m.model), modelDependencies(list))).toEqual(expected);
  });

  it('refuses a cycle, naming it', () => {
    const list = models({ a: consumes('admin/b.x'), b: consumes('admin/a.y') });
    expect(() => orderModelsByOffers(['a', 'b'], modelDependencies(list))).toThrow(/cycle: a → b → a/);
  });
});
