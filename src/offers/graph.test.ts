import { describe, expect, it } from 'vitest';
import { offerGraphFromRecords } from './graph.js';
import type { OffersRecord } from './record.js';

const record: OffersRecord = {
  model: 'mysql', controller: 'local',
  offers: {
    db: {
      url: 'local:admin/mysql.db', application: 'mysql', endpoints: { db: { interface: 'mysql', role: 'provider' } }, access: {},
      consumers: [
        { model: 'wordpress', application: 'wordpress', saas: 'mysql', 'relation-id': 0, endpoint: 'db', status: 'joined' },
        { model: 'mediawiki', application: 'mediawiki', saas: 'mysql', 'relation-id': 1, endpoint: 'db', status: 'joined' },
      ],
    },
  },
};

describe('the offer graph', () => {
  it('has the offers, the saas entries consuming them and one edge per relation, in a stable order', () => {
    expect(offerGraphFromRecords([record], [
      { model: 'wordpress', controller: 'local', entries: { mysql: 'admin/mysql.db' } },
      { model: 'mediawiki', controller: 'local', entries: { mysql: 'mysql.db' } },
    ])).toEqual({
      offers: [{ url: 'local:admin/mysql.db', model: 'mysql', name: 'db', application: 'mysql', endpoints: ['db'] }],
      consumers: [
        { model: 'mediawiki', saas: 'mysql', url: 'local:admin/mysql.db' },
        { model: 'wordpress', saas: 'mysql', url: 'local:admin/mysql.db' },
      ],
      relations: [
        { offer: 'local:admin/mysql.db', model: 'mediawiki', application: 'mediawiki', saas: 'mysql', endpoint: 'db', relationId: 1, status: 'joined' },
        { offer: 'local:admin/mysql.db', model: 'wordpress', application: 'wordpress', saas: 'mysql', endpoint: 'db', relationId: 0, status: 'joined' },
      ],
    });
  });
});
