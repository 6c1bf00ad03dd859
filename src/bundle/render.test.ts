import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import { renderBundle } from './render.js';

const bundle: Bundle = {
  description: 'rendered',
  'default-base': 'ubuntu@22.04',
  saas: { db: { url: 'admin/mysql.db' } },
  applications: {
    web: {
      charm: '/repo/charms/web',
      num_units: 2,
      to: ['0', 'lxd:1'],
      expose: false,
      options: { zeta: 'yes', alpha: 1.5, empty: '', nothing: null, motd: 'line one\nline two\n' },
      constraints: 'mem=4G image-id=ubuntu-22',
      'exposed-endpoints': { '': { 'expose-to-cidrs': ['10.0.0.0/8'] } },
      trust: true,
    },
    db: { charm: 'mysql', channel: '8.0/stable', revision: 42, num_units: 0, offers: { db: { endpoints: ['db'], acl: { admin: 'admin' } } } },
  },
  machines: { '1': {}, '0': { constraints: 'cores=2' } },
  relations: [['web:db', 'db:db']],
};

describe('rendering a bundle as Juju deploys it', () => {
  it('matches the golden file: export-bundle order, overlay-only fields in a second document', async () => {
    await expect(renderBundle(bundle)).toMatchFileSnapshot('golden/render.yaml');
  });
});
