import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The JSON Schemas in `schemas/` are the single source of truth for every file format: the
 * validators and the lists of known keys both come from them. Compiled once per process.
 */
export type SchemaName = 'bundle' | 'overlay' | 'config' | 'generation' | 'plan' | 'offers';

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

/** Path of one schema file, e.g. for a `$schema` modeline. */
export function schemaPath(name: SchemaName): string {
  return join(findSchemasDir(), `${name}.schema.json`);
}

export function loadSchema(name: SchemaName): Record<string, unknown> {
  let schema = loaded.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
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
    // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
    addFormats(ajv);
    // Bundle, overlay and config refer to each other's definitions, so they are added together.
    for (const n of ['bundle', 'overlay', 'config'] as const) ajv.addSchema(loadSchema(n));
  }
  validate = ajv.getSchema(`${name}.schema.json`) ?? ajv.compile(loadSchema(name));
  validators.set(name, validate);
  return validate;
}

export type { ErrorObject };
