import { describe, expect, it } from 'vitest';
import type { UnitFacts } from '../relation-facts.js';
import { buildRelationData } from './relation-data.js';

const units: UnitFacts[] = [
  { unit: 'haproxy/0', application: 'haproxy', address: '127.0.0.1', port: 8080, settings: {} },
  { unit: 'appserver/0', application: 'appserver', address: '127.0.0.1', port: 41001, settings: { build_label: 'v1' } },
  { unit: 'appserver/1', application: 'appserver', address: '127.0.0.1', port: 41002, settings: { build_label: 'v2' } },
  { unit: 'mysql/0', application: 'mysql', address: '127.0.0.1', settings: {} },
];
const relation = {
  id: 3,
  interface: 'http',
  endpoints: [
    { application: 'haproxy', endpoint: 'backend' },
    { application: 'appserver', endpoint: 'http' },
  ],
};

describe('buildRelationData', () => {
  it('gives each unit its related units with address, port and published settings', () => {
    const data = buildRelationData([relation], units, new Set(['haproxy', 'appserver']));
    expect(data.get('haproxy/0')).toEqual({
      unit: 'haproxy/0',
      relations: [{
        id: 3, endpoint: 'backend', interface: 'http', 'remote-application': 'appserver', 'remote-endpoint': 'http',
        units: [
          { unit: 'appserver/0', address: '127.0.0.1', port: 41001, ports: ['41001/tcp'], settings: { build_label: 'v1' } },
          { unit: 'appserver/1', address: '127.0.0.1', port: 41002, ports: ['41002/tcp'], settings: { build_label: 'v2' } },
        ],
      }],
    });
    expect(data.get('appserver/1')?.relations[0]).toMatchObject({ endpoint: 'http', 'remote-application': 'haproxy', units: [{ unit: 'haproxy/0', port: 8080 }] });
  });

  it('only describes units of the applications asked for, and gives unrelated ones no relations', () => {
    const data = buildRelationData([relation], units, new Set(['haproxy', 'mysql']));
    expect([...data.keys()]).toEqual(['haproxy/0', 'mysql/0']);
    expect(data.get('mysql/0')).toEqual({ unit: 'mysql/0', relations: [] });
  });
});
