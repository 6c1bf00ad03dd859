import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The JSON Schemas in `schemas/` are the single source of truth for every file format: the
 * validators and the lists of known keys both come from them.
 *
 * Compiling them with ajv costs about a quarter of a second, which every command would pay at
 * startup; so `npm run build` compiles them ahead of time into `dist/schemas/NAME.cjs` (ajv's
 * standalone code, see build-validators.ts), and each is loaded only when asked for. Each file
 * carries a digest of the schemas and options it was made from: when the schemas have changed
 * since the build (or there was no build, as when tests run from the sources), the validator
 * is compiled here instead, so a validator never disagrees with its schema.
 */
export type SchemaName = 'bundle' | 'overlay' | 'config' | 'generation' | 'plan' | 'offers' | 'export';

/** One set of options for compiled and precompiled validators alike (part of the digest). */
export const ajvOptions: Options = { allErrors: true, strict: false, verbose: true };

const require = createRequire(import.meta.url);
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

/** Where the build writes the precompiled validators. */
export function precompiledDir(): string {
  return join(dirname(findSchemasDir()), 'dist', 'schemas');
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

/** Every schema of the package, by name (`bundle` for bundle.schema.json). */
export function schemaNames(): SchemaName[] {
  return readdirSync(findSchemasDir())
    .filter((file) => file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.schema.json'.length) as SchemaName)
    .sort();
}

let digest: string | undefined;

/** What a precompiled validator must have been made from: every schema's text and the options. */
export function schemasDigest(): string {
  if (digest) return digest;
  const hash = createHash('sha256').update(JSON.stringify(ajvOptions));
  for (const name of schemaNames()) hash.update(`\0${name}\0`).update(readFileSync(schemaPath(name)));
  return (digest = hash.digest('hex'));
}

/**
 * One ajv instance holding every schema, since they refer to each other's definitions
 * (an overlay's applications are a bundle's). Loaded only when a validator must be compiled.
 */
export function createSchemaAjv(extra: Options = {}): Ajv2020 {
  // ajv and ajv-formats are CommonJS; required here so a precompiled run never loads them.
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => void;
  const ajv = new AjvClass({ ...ajvOptions, ...extra });
  addFormats(ajv);
  for (const name of schemaNames()) ajv.addSchema(loadSchema(name), `${name}.schema.json`);
  return ajv;
}

let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate) return validate;
  validate = precompiled(name);
  if (!validate) {
    ajv ??= createSchemaAjv();
    validate = ajv.getSchema(`${name}.schema.json`);
    if (!validate) throw new Error(`no schema named ${name}`);
  }
  validators.set(name, validate);
  return validate;
}

/** The first line of a precompiled validator: what it was made from. */
export function precompiledHeader(): string {
  return `// schemas digest ${schemasDigest()}\n`;
}

function precompiled(name: SchemaName): ValidateFunction | undefined {
  return loadPrecompiled(join(precompiledDir(), `${name}.cjs`));
}

/** A precompiled validator, when `file` exists and was made from the schemas as they are now. */
export function loadPrecompiled(file: string): ValidateFunction | undefined {
  if (!existsSync(file) || !startsWith(file, precompiledHeader())) return undefined;
  return (require(file) as { validate: ValidateFunction }).validate;
}

function startsWith(file: string, header: string): boolean {
  const expected = Buffer.from(header);
  const found = Buffer.alloc(expected.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, found, 0, found.length, 0) === found.length && found.equals(expected);
  } finally {
    closeSync(fd);
  }
}

export type { ErrorObject };
