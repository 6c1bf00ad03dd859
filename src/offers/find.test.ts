import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findOffers, renderFoundOffers } from './find.js';
import type { OffersRecord } from './record.js';

const records: OffersRecord[] = [
  {
    model: 'prod-db', controller: 'local',
    offers: {
      mysqlservice: {
        url: 'local:admin/prod-db.mysqlservice', application: 'mysql', endpoints: { db: { interface: 'mysql', role: 'provider' } },
        access: { admin: 'admin', 'everyone@external': 'read' }, consumers: [],
      },
    },
  },
  {
    model: 'web', controller: 'local',
    offers: { site: { url: 'local:admin/web.site', application: 'haproxy', endpoints: { website: { interface: 'http', role: 'provider' } }, access: { bob: 'consume' }, consumers: [] } },
  },
];

describe('offers find', () => {
  it.each([
    [{}, ['admin/prod-db.mysqlservice', 'admin/web.site']],
    [{ interface: 'mysql' }, ['admin/prod-db.mysqlservice']],
    [{ interface: 'pgsql' }, []],
    [{ url: 'admin/web.site' }, ['admin/web.site']],
    [{ url: 'local:prod-db' }, ['admin/prod-db.mysqlservice']],
    [{ url: 'web', interface: 'mysql' }, []],
  ])('filters %j', (filter, urls) => {
    expect(findOffers(records, filter).map((f) => f.url)).toEqual(urls);
  });

  it('prints the table of juju find-offers, and its map keyed by URL', () => {
    const found = findOffers(records, { interface: 'mysql' });
    expect(renderFoundOffers(found, 'text')).toBe(
      'Store  URL                         Access  Interfaces\nlocal  admin/prod-db.mysqlservice  admin   mysql:db\n',
    );
    expect(parse(renderFoundOffers(found, 'yaml'))).toEqual({
      'admin/prod-db.mysqlservice': {
        access: 'admin', endpoints: { db: { interface: 'mysql', role: 'provider' } },
        users: { admin: { access: 'admin' }, 'everyone@external': { access: 'read' } },
      },
    });
    expect(renderFoundOffers([], 'text')).toBe('no matching application offers found\n');
  });

  it('shows everyone@external access to a user the offer does not name', () => {
    expect(findOffers(records, { url: 'admin/prod-db.mysqlservice', user: 'carol' })[0].access).toBe('read');
  });
});
