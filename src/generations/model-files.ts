import { parseAllDocuments } from 'yaml';
import { GitopsError } from '../model/errors.js';

/**
 * A model's bundle files as text, base file first then overlays in order, each possibly holding
 * several `---` documents. Juju merges every document in that order (JUJU-FORMATS §2); these
 * helpers answer "which document decides this value" so an edit lands where a person would
 * make it.
 */
export interface SourceFile {
  /** Repository-relative path. */
  path: string;
  text: string;
}

export interface DocumentRef {
  file: number;
  doc: number;
  path: string;
  /** Plain value of the document (YAML 1.1, merge keys resolved). */
  value: unknown;
}

export type AppSpec = Record<string, unknown>;

export function listDocuments(files: readonly SourceFile[]): DocumentRef[] {
  const refs: DocumentRef[] = [];
  files.forEach((file, fileIndex) => {
    parseAllDocuments(file.text, { version: '1.1', merge: true }).forEach((doc, docIndex) => {
      if (doc.errors.length) {
        throw new GitopsError('bundle-invalid', `${file.path} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, {
          hint: 'run `juju-gitops validate` to see every problem, fix them, then run the command again',
        });
      }
      refs.push({ file: fileIndex, doc: docIndex, path: file.path, value: doc.toJS({ maxAliasCount: 1000 }) });
    });
  });
  return refs;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The application's entry in a document: a spec, `null` when the document deletes it, undefined when absent. */
export function appEntry(ref: DocumentRef, app: string): AppSpec | null | undefined {
  if (!isRecord(ref.value) || !isRecord(ref.value.applications)) return undefined;
  if (!Object.hasOwn(ref.value.applications, app)) return undefined;
  const entry = ref.value.applications[app];
  return isRecord(entry) ? entry : null;
}

/**
 * The documents that apply to the application as it stands: those after the last document
 * that deleted it (an empty entry), in merge order.
 */
export function liveDocuments(refs: readonly DocumentRef[], app: string): DocumentRef[] {
  let start = 0;
  refs.forEach((ref, index) => {
    const entry = appEntry(ref, app);
    if (entry === null && index > 0) start = index + 1;
  });
  return refs.slice(start).filter((ref) => appEntry(ref, app) !== undefined);
}

/** The document that defines the application: the first (after any deletion) that names its charm. */
export function definingDocument(refs: readonly DocumentRef[], app: string): DocumentRef | undefined {
  const docs = liveDocuments(refs, app);
  return docs.find((ref) => appEntry(ref, app)?.charm !== undefined) ?? docs[0];
}

/** Does the document decide `field` (or `field.key`) of the application? */
export function touches(ref: DocumentRef, app: string, field: string, key?: string): boolean {
  const entry = appEntry(ref, app);
  if (!entry || !Object.hasOwn(entry, field)) return false;
  if (key === undefined) return true;
  const map = entry[field];
  // An empty or null map clears every key in an overlay, so it decides this key too.
  return !isRecord(map) || Object.keys(map).length === 0 || Object.hasOwn(map, key);
}

/**
 * Juju's merge of one map field of one application, remembering which file set each key.
 * Used to show effective values with their source.
 */
export function mergedField(
  refs: readonly DocumentRef[],
  app: string,
  field: string,
): Record<string, { value: unknown; file: string }> {
  let merged: Record<string, { value: unknown; file: string }> = {};
  for (const ref of refs) {
    const entry = appEntry(ref, app);
    if (entry === undefined) continue;
    if (entry === null) {
      merged = {};
      continue;
    }
    if (!Object.hasOwn(entry, field)) continue;
    const map = entry[field];
    if (!isRecord(map) || Object.keys(map).length === 0) {
      merged = {};
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      if (value === null) delete merged[key];
      else merged[key] = { value, file: ref.path };
    }
  }
  return merged;
}
