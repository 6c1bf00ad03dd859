import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CharmCatalogue } from '../charms/catalogue.js';
import { openStore } from '../store/open-store.js';
import type { OpsContext } from './context.js';
import { offeredEndpoint, relationsThroughSaas, requireOfferUrl, saasEntries } from './saas.js';

describe('saas entries and the relations made through them', () => {
  let dir: string;
  let ctx: OpsContext;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-saas-'));
    ctx = { store: openStore(path.join(dir, 'controller.db')), catalogue: new CharmCatalogue(), controllerName: 'local', now: () => new Date(0) };
    // Model ids run against name order, so ordering by name is seen.
    ctx.store.db.exec(`
      INSERT INTO models (id, name, uuid, type, created_at) VALUES (1, 'web', 'uuid-web', 'iaas', 'x'), (2, 'shop', 'uuid-shop', 'iaas', 'x'), (3, 'db', 'uuid-db', 'iaas', 'x');
      INSERT INTO saas (model_id, name, url) VALUES
        (1, 'mysql', 'local:admin/db.mysql'), (1, 'broken', 'not an offer url'),
        (2, 'mysql', 'db.mysql'), (2, 'cache', 'other:admin/cache.redis');
      INSERT INTO relations (model_id, id, endpoints, interface) VALUES
        (1, 0, '[{"application":"wordpress","endpoint":"db"},{"application":"mysql","endpoint":""}]', 'mysql'),
        (1, 1, '[{"application":"wordpress","endpoint":"website"},{"application":"haproxy","endpoint":"reverseproxy"}]', 'http'),
        (1, 2, '[{"application":"backup","endpoint":"source"},{"application":"mysql","endpoint":"db"}]', NULL);
    `);
  });
  afterEach(() => {
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every saas entry with its URL parsed, by model name then saas name, leaving out a URL that does not parse', () => {
    expect(saasEntries(ctx).map((e) => [e.model, e.name, e.modelUuid, e.offer])).toEqual([
      ['shop', 'cache', 'uuid-shop', { controller: 'other', owner: 'admin', model: 'cache', offer: 'redis' }],
      ['shop', 'mysql', 'uuid-shop', { model: 'db', offer: 'mysql' }],
      ['web', 'mysql', 'uuid-web', { controller: 'local', owner: 'admin', model: 'db', offer: 'mysql' }],
    ]);
  });

  it('lists one model\'s saas entries when asked', () => {
    expect(saasEntries(ctx, 1).map((e) => e.name)).toEqual(['mysql']);
  });

  it('finds the relations made through a saas entry with the saas side and the other, by id', () => {
    expect(relationsThroughSaas(ctx, 1, 'mysql')).toEqual([
      { id: 0, interface: 'mysql', through: { application: 'mysql', endpoint: '' }, other: { application: 'wordpress', endpoint: 'db' } },
      { id: 2, through: { application: 'mysql', endpoint: 'db' }, other: { application: 'backup', endpoint: 'source' } },
    ]);
    expect(relationsThroughSaas(ctx, 2, 'mysql')).toEqual([]);
  });

  it.each([
    ['the endpoint the consumer named', 'db', ['db', 'admin'], 'db'],
    ['the offer\'s only endpoint', '', ['db'], 'db'],
    ['nothing when the offer has several', '', ['db', 'admin'], ''],
  ])('reaches %s', (_, named, offered, endpoint) => {
    expect(offeredEndpoint(named, offered)).toBe(endpoint);
  });

  it('requires an offer URL where one must be given, naming the form', () => {
    expect(requireOfferUrl('admin/db.mysql')).toEqual({ owner: 'admin', model: 'db', offer: 'mysql' });
    expect(() => requireOfferUrl('db')).toThrow(expect.objectContaining({ code: 'offer-url-invalid', hint: 'must be [<controller>:][<user>/]<model>.<offer>' }));
  });
});
