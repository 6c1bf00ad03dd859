import { describe, expect, it } from 'vitest';
import { newGenerationText, parseGeneration } from './file.js';

describe('parseGeneration', () => {
  it('reads a new generation file', () => {
    const text = newGenerationText({ name: 'gen-1', created: new Date('2025-03-01T10:00:00.123Z'), model: 'openstack', schemaRef: '../schemas/generation.schema.json' });
    expect(text.startsWith('# yaml-language-server: $schema=../schemas/generation.schema.json\n')).toBe(true);
    expect(parseGeneration(text, 'generations/openstack.yaml')).toEqual({
      generation: { name: 'gen-1', created: '2025-03-01T10:00:00Z', applications: {}, targets: [] },
      diagnostics: [],
    });
  });

  it('reads staged changes and targets, YAML 1.1 style', () => {
    const text = 'name: g\ncreated: 2025-03-01T10:00:00Z\napplications:\n  keystone:\n    revision: 51\n    options: {debug: yes}\ntargets: [keystone/0, ceph-mon]\n';
    expect(parseGeneration(text, 'g.yaml').generation).toEqual({
      name: 'g',
      created: '2025-03-01T10:00:00Z',
      applications: { keystone: { revision: 51, options: { debug: true } } },
      targets: ['keystone/0', 'ceph-mon'],
    });
  });

  it.each([
    ['a field a generation cannot stage', 'applications:\n  keystone:\n    num_units: 5\n', 5, /unknown key `num_units` in applications.keystone/, /only options, charm, channel, revision and resources/],
    ['a misspelt field', 'applications:\n  keystone:\n    optons: {debug: true}\n', 5, /unknown key `optons` in applications.keystone/, /did you mean `options`\?/],
    ['a reserved name', '', 1, /name must NOT be valid/, /reserved/],
    ['a target that is not a unit or application', 'targets: [keystone/x]\n', 3, /targets.0 must match pattern/, undefined],
    ['a negative revision', 'applications:\n  keystone:\n    revision: -1\n', 5, /revision must be >= 0/, undefined],
  ])('positions %s', (_, body, line, summary, hint) => {
    const name = body === '' ? 'next' : 'g';
    const text = `name: ${name}\ncreated: "2025-03-01T10:00:00Z"\n${body}`;
    const { generation, diagnostics } = parseGeneration(text, 'generations/m.yaml');
    expect(generation).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'generation-schema', severity: 'error', file: 'generations/m.yaml', line });
    expect(diagnostics[0].summary).toMatch(summary);
    if (hint) expect(diagnostics[0].hint).toMatch(hint);
  });

  it('reports YAML syntax errors with their position', () => {
    const { diagnostics } = parseGeneration('name: [\n', 'g.yaml');
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', file: 'g.yaml', line: expect.any(Number) });
  });
});
