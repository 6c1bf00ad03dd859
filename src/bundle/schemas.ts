import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The JSON Schemas in `schemas/` are the single source of truth for every file format: the
 * validators and the lists of known keys both come from them. Compiled once per process.
 */
export type SchemaName = 'bundle' | 'overlay' | 'config';

let schemasDir: string | undefined;

/** The `schemas/` folder of this package, found from this module (works from src and dist). */
export function findSchemasDir(): string {
  if (schemasDir) return schemasDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'schemas', 'bundle.schema.json'))) return (schemasDir = join(dir, 'schemas'));
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the schemas folder of juju-gitops');
    dir = parent;
  }
}

const loaded = new Map<SchemaName, Record<string, unknown>>();

export function loadSchema(name: SchemaName): Record<string, unknown> {
  let schema = loaded.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(findSchemasDir(), `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
    loaded.set(name, schema);
  }
  return schema;
}

let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate) return validate;
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    for (const n of ['bundle', 'overlay', 'config'] as const) ajv.addSchema(loadSchema(n));
  }
  validate = ajv.getSchema(`${name}.schema.json`);
  if (!validate) throw new Error(`schema ${name} did not compile`);
  validators.set(name, validate);
  return validate;
}

export type { ErrorObject };
