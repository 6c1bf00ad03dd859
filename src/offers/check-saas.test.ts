import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import { checkSaasOffers } from './check-saas.js';
import { knownOffers, type RepoModel } from './known-offers.js';
import type { OffersRecord } from './record.js';

const provider: RepoModel = {
  model: 'mysql', controller: 'local',
  bundle: { applications: { mysql: { charm: '/charms/db', offers: { db: { endpoints: ['db'] } } } } },
  charmEndpoints: { mysql: { db: { interface: 'mysql', role: 'provider' }, admin: { interface: 'mysql-root', role: 'provider' } } },
};
const recorded: OffersRecord = {
  model: 'billing', controller: 'local',
  offers: { ledger: { url: 'local:admin/billing.ledger', application: 'pg', endpoints: { database: { interface: 'pgsql', role: 'provider' } }, access: {}, consumers: [] } },
};

function consumer(bundle: Partial<Bundle>) {
  const model: RepoModel = {
    model: 'wordpress', controller: 'local', bundle: { applications: { wordpress: { charm: '/charms/wp' } }, ...bundle },
    charmEndpoints: { wordpress: { db: { interface: 'mysql', role: 'requirer' }, cache: { interface: 'memcache', role: 'requirer' } } },
  };
  return checkSaasOffers({ ...model, locate: (pointer) => ({ file: 'bundles/wordpress.yaml', line: pointer.split('/').length, col: 3 }) }, knownOffers([recorded], [provider]));
}

describe('offline saas checks', () => {
  it.each([
    ['a declared offer', 'admin/mysql.db', [['wordpress:db', 'mysql:db']]],
    ['a declared offer, owner left out', 'mysql.db', [['wordpress:db', 'mysql']]],
    ['a declared offer named with this controller', 'local:admin/mysql.db', [['wordpress', 'mysql:db']]],
    ['a recorded offer', 'admin/billing.ledger', []],
  ])('accepts %s', (_, url, relations) => {
    expect(consumer({ saas: { mysql: { url } }, relations: relations as [string, string][] })).toEqual([]);
  });

  it('refuses an unknown URL at its position, listing the known offers', () => {
    expect(consumer({ saas: { mysql: { url: 'admin/mysql.dbx' } } })).toEqual([expect.objectContaining({
      code: 'saas-offer-unknown', pointer: '/saas/mysql/url', file: 'bundles/wordpress.yaml', line: 4, col: 3,
      hint: 'known offers: admin/billing.ledger, admin/mysql.db',
    })]);
  });

  it('refuses a URL of another controller the records do not know', () => {
    expect(consumer({ saas: { mysql: { url: 'prod:admin/mysql.db' } } }).map((d) => d.code)).toEqual(['saas-offer-unknown']);
  });

  it.each([
    ['an endpoint the offer does not publish', ['wordpress:db', 'mysql:admin'], 'saas-endpoint-not-offered', '/relations/0/1'],
    ['an interface the offer does not provide', ['wordpress:cache', 'mysql:db'], 'saas-interface-mismatch', '/relations/0/1'],
    ['no offered endpoint fitting the consumer', ['mysql', 'wordpress:cache'], 'saas-interface-mismatch', '/relations/0/0'],
  ])('refuses a relation through a saas to %s', (_, relation, code, pointer) => {
    expect(consumer({ saas: { mysql: { url: 'admin/mysql.db' } }, relations: [relation as [string, string]] })).toEqual([
      expect.objectContaining({ code, pointer, severity: 'error' }),
    ]);
  });
});
