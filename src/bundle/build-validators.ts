import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSchemaAjv, precompiledDir, precompiledHeader, schemaNames, type SchemaName } from './schemas.js';

const require = createRequire(import.meta.url);

/**
 * ajv's standalone code for one schema's validator: a CommonJS module exporting `validate`,
 * headed by the digest of the schemas it was made from (schemas.ts checks it before use).
 */
export function standaloneValidator(name: SchemaName, ajv = createSchemaAjv({ code: { source: true } })): string {
  const standaloneCode = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js').default;
  return precompiledHeader() + standaloneCode(ajv, { validate: `${name}.schema.json` });
}

/** Writes every schema's precompiled validator into `dir` (dist/schemas by default). */
export function buildValidators(dir = precompiledDir()): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ajv = createSchemaAjv({ code: { source: true } });
  return schemaNames().map((name) => {
    const file = join(dir, `${name}.cjs`);
    writeFileSync(file, standaloneValidator(name, ajv));
    return file;
  });
}

// `node dist/src/bundle/build-validators.js`, the last step of `npm run build`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = buildValidators();
  console.log(`precompiled ${files.length} schema validators into ${precompiledDir()}`);
}
