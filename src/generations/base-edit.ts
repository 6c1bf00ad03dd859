import type { GenerationChanges } from '../model/live.js';
import { GitopsError } from '../model/errors.js';
import { definingDocument, listDocuments, liveDocuments, touches, type DocumentRef, type SourceFile } from './model-files.js';
import { deleteYamlValue, setYamlValue } from './yaml-edit.js';

/**
 * Writes changes into a model's base files, as `config --generation current` and folding a
 * generation do. A value goes to the document that decides it today — the last overlay that
 * sets it, else the document that defines the application (normally the base bundle) — so
 * the composed bundle changes in exactly that value and nothing else.
 */
export type BaseEdit =
  | { application: string; field: 'charm' | 'channel' | 'revision'; value: string | number }
  /** `value: null` returns the key to its default: it is removed wherever it is set. */
  | { application: string; field: 'options' | 'resources'; key: string; value: unknown };

/** The edits that fold one application's staged changes into the base files. */
export function editsForChanges(application: string, changes: GenerationChanges): BaseEdit[] {
  const edits: BaseEdit[] = [];
  for (const field of ['charm', 'channel', 'revision'] as const) {
    const value = changes[field];
    if (value !== undefined) edits.push({ application, field, value });
  }
  for (const field of ['options', 'resources'] as const) {
    for (const [key, value] of Object.entries(changes[field] ?? {})) edits.push({ application, field, key, value });
  }
  return edits;
}

/** Applies the edits in order; returns every file, changed or not, and the paths that changed. */
export function applyBaseEdits(files: readonly SourceFile[], edits: readonly BaseEdit[]): { files: SourceFile[]; changed: string[] } {
  let current = files.map((f) => ({ ...f }));
  for (const edit of edits) current = applyOne(current, edit);
  const changed = current.filter((f, i) => f.text !== files[i].text).map((f) => f.path);
  return { files: current, changed };
}

function applyOne(files: SourceFile[], edit: BaseEdit): SourceFile[] {
  const refs = listDocuments(files);
  const key = 'key' in edit ? edit.key : undefined;
  const path = ['applications', edit.application, edit.field, ...(key === undefined ? [] : [key])];
  const docs = liveDocuments(refs, edit.application);
  if (docs.length === 0) {
    throw new GitopsError('application-not-found', `application ${edit.application} is not in the model's bundle or overlays`, {
      hint: 'a generation changes existing applications; check the name with `juju-gitops render`',
    });
  }
  const next = files.map((f) => ({ ...f }));
  const write = (ref: DocumentRef, change: (text: string) => string) => {
    next[ref.file].text = change(next[ref.file].text);
  };
  if (edit.value === null && key !== undefined) {
    // Remove the key from every document that sets it, last first so earlier offsets hold.
    const setting = docs.filter((ref) => touches(ref, edit.application, edit.field, key) && hasKey(ref, edit, key));
    for (const ref of [...setting].reverse()) write(ref, (text) => deleteYamlValue(text, { doc: ref.doc, path }));
    return next;
  }
  const decider = [...docs].reverse().find((ref) => touches(ref, edit.application, edit.field, key));
  const target = decider ?? definingDocument(refs, edit.application)!;
  write(target, (text) => setYamlValue(text, { doc: target.doc, path, value: edit.value }));
  return next;
}

function hasKey(ref: DocumentRef, edit: BaseEdit, key: string): boolean {
  const apps = (ref.value as { applications: Record<string, Record<string, unknown>> }).applications;
  const map = apps[edit.application][edit.field];
  return map !== null && typeof map === 'object' && Object.hasOwn(map, key);
}
