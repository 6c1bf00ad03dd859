import { describe, expect, it } from 'vitest';
import { isSecretOption, maskOptionValues, maskSecrets, maskedValue } from './secrets.js';

describe('isSecretOption', () => {
  it.each([
    ['admin-password', true],
    ['api_token', true],
    ['ssl_key', true],
    ['Client-Secret', true],
    ['KEYSTONE_URL', true],
    ['declared', true],
    ['build_label', false],
    ['port', false],
  ])('%s is secret: %s', (name, secret) => expect(isSecretOption(name, ['declared'])).toBe(secret));
});

describe('maskOptionValues', () => {
  it('replaces secret values and leaves unset ones and the rest alone', () => {
    expect(maskOptionValues({ 'db-password': 'pw', api_token: null, label: 'v1', seed: 42 }, ['seed'], '***')).toEqual({
      'db-password': '***',
      api_token: null,
      label: 'v1',
      seed: '***',
    });
  });
});

describe('maskSecrets', () => {
  it('masks secret option values of a bundle and names them, keeping empty ones', () => {
    const { bundle, masked } = maskSecrets({
      applications: { db: { charm: 'mysql', options: { 'root-password': 'sw0rdfish', 'admin-password': '', port: 3306 } } },
    });
    expect(bundle.applications.db.options).toEqual({ 'root-password': maskedValue, 'admin-password': '', port: 3306 });
    expect(masked).toEqual(['db.root-password']);
  });
});
