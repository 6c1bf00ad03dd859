import { describe, expect, it } from 'vitest';
import { parseDocuments } from './parse.js';
import { positionIn } from './positions.js';

const source = { file: 'b.yaml', absPath: '/r/b.yaml' };

describe('parsing bundle files', () => {
  it('keeps every document of a multi-document file, in order', () => {
    const { documents } = parseDocuments('applications: {a: {charm: x}}\n---\napplications: {a: {num_units: 2}}\n--- # third\n', source);
    expect(documents.map((d) => d.docIndex)).toEqual([0, 1, 2]);
    expect(documents[2].value).toBeNull();
  });

  it('maps a path to the line and column of its key or value', () => {
    const { documents } = parseDocuments('applications:\n  web:\n    charm: nginx\n    num_units: 3\n', source);
    expect(positionIn(documents[0], ['applications', 'web', 'num_units'])).toEqual({ file: 'b.yaml', line: 4, col: 16 });
    expect(positionIn(documents[0], ['applications', 'web', 'num_units'], 'key')).toEqual({ file: 'b.yaml', line: 4, col: 5 });
    expect(positionIn(documents[1 - 1], ['applications', 'web', 'missing'])).toEqual({ file: 'b.yaml', line: 3, col: 5 });
  });

  it('expands anchors and merge keys as YAML 1.1 does, with yes/no as booleans', () => {
    const text = 'x: &defaults {channel: stable, trust: yes}\napplications:\n  a:\n    <<: *defaults\n    charm: foo\n';
    const { documents, diagnostics } = parseDocuments(text, source);
    expect(diagnostics).toEqual([]);
    expect((documents[0].value as { applications: unknown }).applications).toEqual({ a: { channel: 'stable', trust: true, charm: 'foo' } });
  });

  it('refuses documents whose aliases expand beyond the limit', () => {
    const text = 'a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n';
    const { documents, diagnostics } = parseDocuments(text, source, { maxAliasCount: 2 });
    expect(documents).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'yaml-alias-limit', severity: 'error', line: 2, col: 5 }]);
  });

  it('refuses files over the size limit before parsing them', () => {
    const { documents, diagnostics } = parseDocuments('applications: {}\n'.repeat(100), source, { maxFileBytes: 1000 });
    expect(documents).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'file-too-large', file: 'b.yaml' }]);
  });

  it('reports a syntax error at its position', () => {
    const { diagnostics } = parseDocuments('applications:\n  web: [unclosed\n', source);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error', file: 'b.yaml', line: 3 });
  });

  it('warns about a duplicate key and keeps the later value, as go-yaml v2 does', () => {
    const { documents, diagnostics } = parseDocuments('applications:\n  a: {charm: nginx}\n  a: {charm: apache}\n', source);
    expect(diagnostics).toMatchObject([{ code: 'yaml-duplicate-key', severity: 'warning', line: 3, col: 3 }]);
    expect(documents[0].value).toEqual({ applications: { a: { charm: 'apache' } } });
  });
});
