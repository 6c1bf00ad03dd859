import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** `schemas/generation.schema.json` is the format's single source of truth; compiled once. */
const schemaFile = 'generation.schema.json';

/** The package's `schemas/` folder, found from this module so it works from src and dist. */
export function generationSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas', schemaFile);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find schemas/${schemaFile} of juju-gitops`);
    dir = parent;
  }
}

let validator: ValidateFunction | undefined;

export function generationValidator(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(readFileSync(generationSchemaPath(), 'utf8')) as object);
  return validator;
}

export type { ErrorObject };
