import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { standaloneValidator } from './build-validators.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createSchemaAjv, loadPrecompiled, precompiledHeader, schemaNames, type SchemaName } from './schemas.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-schemas-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const yamlIn = (folder: string) =>
  fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(root, folder, f), 'utf8'), { version: '1.1', merge: true }))
    .filter((doc) => !doc.errors.length)
    .map((doc) => doc.toJS() as unknown);

/** Real documents of each kind, and mistakes that exercise type, enum, pattern and key errors. */
const documents: Record<string, unknown[]> = {
  bundle: [
    ...yamlIn('examples/bundles'),
    ...yamlIn('test/corpus/bundles').slice(0, 20),
    { applications: { a: { charm: 3, num_units: '2', expose: 'yes', unknown: 1 } } },
    { applications: null, relations: [['a:b']] },
  ],
  overlay: [...yamlIn('examples/overlays'), { applications: { a: { offers: { x: { endpoints: 'db' } } } } }],
  config: [parse(fs.readFileSync(path.join(root, 'examples/juju-gitops.yaml'), 'utf8')), { models: { m: { rollout: { batch: 0, order: 'random' } } } }],
};

/** Runs a standalone module the way require would, resolving its requires from here. */
function evaluate(code: string): { validate: ValidateFunction } {
  const module = { exports: {} as { validate: ValidateFunction } };
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

describe('precompiled schema validators', () => {
  const ajv = createSchemaAjv({ code: { source: true } });
  const cases = schemaNames().map((name) => [name] as [SchemaName]);

  it.each(cases)('%s: the standalone validator gives the same verdict and errors as compiling the schema', (name) => {
    const precompiled = evaluate(standaloneValidator(name, ajv)).validate;
    const compiled = createSchemaAjv().getSchema(`${name}.schema.json`)!;
    for (const document of [...(documents[name] ?? []), {}, [], 'text', null]) {
      expect(precompiled(document)).toBe(compiled(document));
      expect(JSON.stringify(precompiled.errors ?? null)).toBe(JSON.stringify(compiled.errors ?? null));
    }
  });

  it('is used only when made from the schemas as they are now', () => {
    const body = 'exports.validate = function validate() { return true; };\n';
    const current = path.join(dir, 'current.cjs');
    const stale = path.join(dir, 'stale.cjs');
    fs.writeFileSync(current, precompiledHeader() + body);
    fs.writeFileSync(stale, `// schemas digest ${'0'.repeat(64)}\n${body}`);
    expect(precompiledHeader()).toMatch(/^\/\/ schemas digest [0-9a-f]{64}\n$/);
    expect(loadPrecompiled(current)?.name).toBe('validate');
    expect(loadPrecompiled(stale)).toBeUndefined();
    expect(loadPrecompiled(path.join(dir, 'missing.cjs'))).toBeUndefined();
  });
});
