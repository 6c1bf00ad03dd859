import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LiveModel } from '../model/live.js';
import { schemaValidator } from '../bundle/schemas.js';
import { offersRecordOf, renderOffersRecord } from './record.js';

const live = {
  name: 'mysql', uuid: 'u', type: 'iaas', controller: 'local', machines: {}, relations: [], saas: {}, generation: null,
  applications: {
    mysql: { charm: 'local:kvdb', charmInfo: { endpoints: { db: { interface: 'mysql', role: 'provider' } } } },
  },
  offers: {
    db: {
      name: 'db', application: 'mysql', url: 'local:admin/mysql.db', endpoints: ['db'],
      acl: { 'everyone@external': 'read', admin: 'admin' },
      connections: [
        { sourceModel: 'wordpress', application: 'wordpress', saas: 'mysql', relationId: 0, endpoint: 'db', username: 'admin', status: 'joined' },
        { sourceModel: 'mediawiki', application: 'mediawiki', saas: 'mysql', relationId: 2, endpoint: 'db', username: 'admin', status: 'joined' },
      ],
    },
  },
} as unknown as LiveModel;

describe('the offers record', () => {
  it('holds URL, endpoints with interface and role, access and consumers, in a stable order', () => {
    expect(offersRecordOf(live)).toEqual({
      model: 'mysql', controller: 'local',
      offers: {
        db: {
          url: 'local:admin/mysql.db', application: 'mysql', charm: 'local:kvdb',
          endpoints: { db: { interface: 'mysql', role: 'provider' } },
          access: { admin: 'admin', 'everyone@external': 'read' },
          consumers: [
            { model: 'mediawiki', application: 'mediawiki', saas: 'mysql', 'relation-id': 2, endpoint: 'db', status: 'joined' },
            { model: 'wordpress', application: 'wordpress', saas: 'mysql', 'relation-id': 0, endpoint: 'db', status: 'joined' },
          ],
        },
      },
    });
  });

  it('renders a file that names its schema and validates against it', () => {
    const text = renderOffersRecord(offersRecordOf(live));
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/offers.schema.json');
    const validate = schemaValidator('offers');
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(renderOffersRecord(offersRecordOf(live))).toBe(text);
  });
});
