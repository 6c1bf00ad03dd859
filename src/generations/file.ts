import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import type { GenerationChanges } from '../model/live.js';
import { schemaValidator, type ErrorObject } from '../bundle/schemas.js';
import { closestMatch } from '../bundle/suggest.js';

/** A model's open generation, as read from `generations/<model>.yaml`. */
export interface GenerationFile {
  name: string;
  /** ISO-8601 time the generation was added. */
  created: string;
  description?: string;
  /** Staged changes by application; an option or resource set to null returns to its default. */
  applications: Record<string, GenerationChanges>;
  /** Units (`app/N`) or whole applications, in the order reconcile moves them. */
  targets: string[];
}

/** The repository path of a model's generation file. */
export function generationPath(model: string): string {
  return `generations/${model}.yaml`;
}

/** The text of a new, empty generation file. */
export function newGenerationText(opts: { name: string; created: Date; model: string; schemaRef?: string }): string {
  const modeline = opts.schemaRef ? `# yaml-language-server: $schema=${opts.schemaRef}\n` : '';
  return (
    modeline +
    `# Changes staged for model ${opts.model}: \`juju-gitops config APP k=v\` stages a change,\n` +
    `# \`juju-gitops generation set UNIT\` adds a target, reconcile moves the targets.\n` +
    `name: ${opts.name}\n` +
    `created: "${opts.created.toISOString().replace(/\.\d{3}Z$/, 'Z')}"\n` +
    `applications: {}\n` +
    `targets: []\n`
  );
}

/**
 * Parses and validates a generation file. Juju reads YAML 1.1, so the file is read the same
 * way (`yes` is a boolean) as the bundles it overlays. Every problem is a positioned diagnostic.
 */
export function parseGeneration(text: string, file: string): { generation?: GenerationFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, version: '1.1', merge: true, prettyErrors: false });
  const at = (offset: number) => ({ file, ...lineCounter.linePos(offset) });
  const diagnostics: Diagnostic[] = [];
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc || (Array.isArray(docs) && docs.length > 1)) {
    diagnostics.push({
      code: 'generation-documents',
      severity: 'error',
      summary: doc ? 'a generation file holds exactly one YAML document' : 'the generation file is empty',
      hint: 'remove the file and run `juju-gitops generation add` to start a new generation',
      ...at(0),
    });
    return { diagnostics };
  }
  for (const error of doc.errors) {
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', summary: error.message.split('\n')[0], ...at(error.pos[0]) });
  }
  if (diagnostics.length) return { diagnostics };
  const value = normaliseTimes(doc.toJS({ maxAliasCount: 100 }));
  const validate = schemaValidator('generation');
  if (!validate(value)) {
    for (const error of validate.errors ?? []) diagnostics.push(schemaDiagnostic(error, doc.contents as Node | null, at));
    return { diagnostics };
  }
  const raw = value as { name: string; created: string; description?: string; applications?: GenerationFile['applications'] | null; targets?: string[] | null };
  const applications: GenerationFile['applications'] = {};
  for (const [app, changes] of Object.entries(raw.applications ?? {})) applications[app] = changes ?? {};
  const generation: GenerationFile = { name: raw.name, created: raw.created, applications, targets: raw.targets ?? [] };
  if (raw.description !== undefined) generation.description = raw.description;
  return { generation, diagnostics };
}

/** YAML 1.1 reads an unquoted timestamp as a date; the format wants the ISO string. */
function normaliseTimes(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (record.created instanceof Date) record.created = record.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return value;
}

type Position = { file: string; line: number; col: number };

function schemaDiagnostic(error: ErrorObject, root: Node | null, at: (offset: number) => Position): Diagnostic {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const offending = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
  const node = nodeAt(root, offending ? [...path, offending] : path);
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the file';
  const summary = offending
    ? `unknown key \`${offending}\` in ${where === 'the file' ? 'the generation' : where}`
    : `${where} ${error.message ?? 'is invalid'}`;
  const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = offending ? closestMatch(offending, known) : undefined;
  const hint = guess
    ? `did you mean \`${guess}\`?`
    : offending && path.length === 2 && path[0] === 'applications'
      ? 'a generation stages only options, charm, channel, revision and resources; change anything else in the bundle'
      : path[0] === 'name'
        ? 'use lowercase letters, digits, `.`, `_` and `-`; current, next and master are reserved'
        : undefined;
  return { code: 'generation-schema', severity: 'error', summary, hint, pointer: error.instancePath, ...at(node?.range?.[0] ?? 0) };
}

/** The deepest node of the document along `path` (for positions). */
function nodeAt(root: Node | null, path: string[]): Node | null {
  let node = root;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}
