import { describe, expect, it } from 'vitest';
import { linkThroughSaas, remoteApplicationName } from './cross-model-data.js';

describe('linkThroughSaas', () => {
  const consumer = { model: 'shop', uuid: 'uuid-shop', saas: 'db' };

  it('links the consuming application to the offer, named on the offering side as Juju names it', () => {
    const relation = { id: 4, interface: 'mysql', application: 'wordpress', endpoint: 'db', saasEndpoint: 'database' };
    expect(linkThroughSaas(relation, consumer, { model: 'data', application: 'mysql', offered: ['database', 'admin'] })).toEqual({
      id: 4,
      interface: 'mysql',
      consumer: { model: 'shop', application: 'wordpress', endpoint: 'db', saas: 'db', token: remoteApplicationName('uuid-shop', 'wordpress') },
      provider: { model: 'data', application: 'mysql', endpoint: 'database' },
    });
    expect(remoteApplicationName('uuid-shop', 'wordpress')).toMatch(/^remote-[0-9a-f]{32}$/);
  });

  it.each([
    ['the offer\'s only endpoint', ['database'], 'database'],
    ['no endpoint when the offer has several', ['database', 'admin'], ''],
  ])('reaches %s when the relation named none', (_, offered, endpoint) => {
    const link = linkThroughSaas({ id: 1, application: 'wordpress', endpoint: 'db', saasEndpoint: '' }, consumer, { model: 'data', application: 'mysql', offered });
    expect(link.provider.endpoint).toBe(endpoint);
    expect(link).not.toHaveProperty('interface');
  });
});
