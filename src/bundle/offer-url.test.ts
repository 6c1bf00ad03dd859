import { describe, expect, it } from 'vitest';
import { parseOfferUrl } from './offer-url.js';

describe('parseOfferUrl', () => {
  it.each([
    ['db.mysql', { model: 'db', offer: 'mysql' }],
    ['admin/db.mysql', { owner: 'admin', model: 'db', offer: 'mysql' }],
    ['prod:admin/db.mysql', { controller: 'prod', owner: 'admin', model: 'db', offer: 'mysql' }],
    ['prod:db.mysql', { controller: 'prod', model: 'db', offer: 'mysql' }],
    ['  db.mysql\n', { model: 'db', offer: 'mysql' }],
  ])('reads %j', (url, parts) => expect(parseOfferUrl(url)).toEqual(parts));

  it.each([['db'], ['.mysql'], ['db.'], ['Db.mysql'], ['db.9mysql'], [':db.mysql'], ['a/b/db.mysql']])('refuses %j', (url) => {
    expect(parseOfferUrl(url)).toBeUndefined();
  });
});
