import type { Diagnostic } from '../model/diagnostic.js';
import type { ParsedDocument } from './parse.js';
import { pathToPointer, pointerToPath, positionIn, type Path } from './positions.js';
import { closestMatch } from './suggest.js';
import { schemaValidator, type ErrorObject, type SchemaName } from './schemas.js';

/** Checks one document against its JSON Schema; every error comes back positioned. */
export function checkSchema(part: ParsedDocument, schema: SchemaName): Diagnostic[] {
  const validate = schemaValidator(schema);
  if (validate(part.value)) return [];
  return relevantErrors(validate.errors ?? []).map((error) => toDiagnostic(part, error));
}

/**
 * Keeps the errors that say the most. Optional fields are written `anyOf: [null, X]`: the null
 * branch and the anyOf summary only repeat what X says. Other unions are reported once, as
 * the union, unless the value matched a branch's shape and failed deeper inside it.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const union of errors.filter((e) => e.keyword === 'anyOf')) {
    // A shared `$ref` gives every value using it the same schemaPath: a branch must also be
    // about this value, or two durations would swallow each other's errors.
    const about = (e: ErrorObject) => e.instancePath === union.instancePath || e.instancePath.startsWith(union.instancePath + '/');
    const branches = errors.filter((e) => e !== union && e.schemaPath.startsWith(union.schemaPath + '/') && about(e));
    const options = ((union.parentSchema as { anyOf?: { type?: unknown }[] } | undefined)?.anyOf ?? []);
    const nullable = options.some((o) => o.type === 'null');
    const deep = branches.filter((e) => e.instancePath.length > union.instancePath.length);
    if (nullable) {
      dropped.add(union);
      for (const e of branches) if (e.schemaPath.startsWith(union.schemaPath + '/0/')) dropped.add(e);
    } else if (deep.length) {
      dropped.add(union);
      for (const e of branches) if (!deep.includes(e)) dropped.add(e);
    } else {
      for (const e of branches) dropped.add(e);
    }
  }
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (dropped.has(e) || e.keyword === 'if') return false;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

export function dotted(path: Path): string {
  return path.length ? path.join('.') : 'the document';
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function toDiagnostic(part: ParsedDocument, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = dotted(path);
  const base = { severity: 'error' as const, pointer: error.instancePath || '/' };
  const value = valueAt(part.value, path);
  switch (error.keyword) {
    case 'required': {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      return { ...base, code: 'missing-field', summary: `${where} has no \`${field}\``, hint: hintForMissing(path, field), ...positionIn(part, path, 'key') };
    }
    case 'type': {
      const expected = String((error.params as { type: string | string[] }).type).replace(/,?null/, '');
      if (path[0] === 'applications' && path.length === 2 && value === null) {
        return { ...base, code: 'application-undefined', summary: `application \`${path[1]}\` has no body`, hint: 'give it at least a `charm:`; only an overlay may delete an application with an empty value', ...positionIn(part, path, 'key') };
      }
      return { ...base, code: 'invalid-type', summary: `${where} must be ${article(expected)}, not ${describe(value)}`, hint: hintForType(expected, value), ...positionIn(part, path) };
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
      const guess = typeof value === 'string' ? closestMatch(value, (error.params as { allowedValues: unknown[] }).allowedValues.map(String)) : undefined;
      return { ...base, code: 'invalid-value', summary: `${where} is ${describe(value)}; allowed: ${allowed}`, hint: guess ? `did you mean \`${guess}\`?` : schemaDescription(error), ...positionIn(part, path) };
    }
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestMatch(key, known);
      const keyPath = [...path, key];
      return { ...base, code: guess ? 'misspelled-key' : 'unknown-key', pointer: pathToPointer(keyPath), summary: `unknown key \`${key}\` ${path.length ? `in ${dotted(path)}` : 'at the top level'}`, hint: guess ? `did you mean \`${guess}\`?` : `known keys here: ${known.join(', ')}`, ...positionIn(part, keyPath, 'key') };
    }
    case 'anyOf':
      return { ...base, code: 'invalid-value', summary: `${where} is not valid: ${describe(value)}`, hint: schemaDescription(error), ...positionIn(part, path) };
    case 'pattern':
      return { ...base, code: 'invalid-value', summary: `${where} is not valid: ${describe(value)}`, hint: schemaDescription(error), ...positionIn(part, path) };
    case 'minimum':
      return { ...base, code: 'invalid-value', summary: `${where} must be ${(error.params as { limit: number }).limit} or more, not ${JSON.stringify(value)}`, ...positionIn(part, path) };
    case 'minLength':
    case 'minItems':
      return { ...base, code: 'invalid-value', summary: `${where} must not be empty`, ...positionIn(part, path) };
    default:
      return { ...base, code: 'invalid-value', summary: `${where} ${error.message ?? 'is invalid'}`, ...positionIn(part, path) };
  }
}

function schemaDescription(error: ErrorObject): string | undefined {
  return (error.parentSchema as { description?: string } | undefined)?.description;
}

function article(type: string): string {
  const names: Record<string, string> = { integer: 'an integer', object: 'a mapping', array: 'a list', string: 'a string', boolean: 'true or false' };
  return type.split(',').map((t) => names[t] ?? t).join(' or ');
}

function hintForType(expected: string, value: unknown): string | undefined {
  if (expected.startsWith('integer') && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return `write the number without quotes: ${value.trim()}`;
  if (expected.startsWith('boolean') && typeof value === 'string') return 'write true or false without quotes';
  if (expected.startsWith('array') && typeof value === 'string') return `write a list: ["${value}"]`;
  if (expected.startsWith('object') && value === null) return 'indent the entries under this key, or remove it';
  return undefined;
}

function hintForMissing(path: Path, field: string): string | undefined {
  if (field === 'charm') return 'name the charm: a Charmhub name such as `mysql`, or a local path such as `./charms/app`';
  if (field === 'applications' && path.length === 0) return 'a bundle needs at least one application under `applications:`';
  if (field === 'endpoints') return 'list the endpoints the offer publishes, e.g. `endpoints: [db]`';
  return undefined;
}

export function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}
