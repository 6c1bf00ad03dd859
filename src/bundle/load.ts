import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Bundle } from '../model/bundle.js';
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import { insideRoot, readWithin } from './includes.js';
import { readRegularFile } from './read-regular.js';
import { checkKeys } from './keys.js';
import { applyOverlay, isRecord, startComposition, type Raw } from './merge.js';
import { coerceStringFields, normaliseDocument } from './normalise.js';
import { defaultMaxFileBytes, parseDocuments, type ParsedDocument } from './parse.js';
import { makeLocator } from './locate.js';
import { checkSchema } from './schema-check.js';
import type { LoadedBundle, LoadOptions } from './types.js';
import { validateBundle } from './verify.js';
import { decodeUtf8 } from './text.js';
import { checkBaseOnlyRules, checkLocalCharms } from './local-checks.js';

export interface BundleSource {
  /** Path shown in diagnostics. */
  file: string;
  absPath: string;
  text: string;
}

/**
 * Reads a base bundle and its overlays (in order) and composes them as `juju deploy
 * BUNDLE --overlay …` would. Never throws for a user's mistake: read failures, syntax and
 * verification problems all come back in `diagnostics`.
 */
export async function loadBundleFiles(files: string[], opts: LoadOptions = {}): Promise<LoadedBundle> {
  const root = opts.root ? resolve(opts.root) : undefined;
  const maxFileBytes = opts.maxFileBytes ?? defaultMaxFileBytes;
  const sources: BundleSource[] = [];
  const diagnostics: Diagnostic[] = [];
  const displays: string[] = [];
  for (const file of files) {
    const absPath = root ? resolve(root, file) : resolve(file);
    const display = root && insideRoot(root, absPath) ? relative(root, absPath) : isAbsolute(file) ? absPath : file;
    displays.push(display);
    try {
      if (!opts.readFile && (await stat(absPath)).size > maxFileBytes) {
        diagnostics.push({ code: 'file-too-large', severity: 'error', summary: `file is over the limit of ${maxFileBytes} bytes`, hint: 'check that the right file was given', file: display });
        continue;
      }
      const text = opts.readFile ? await opts.readFile(absPath) : decodeUtf8(await readRegularFile(absPath), display);
      sources.push({ file: display, absPath, text });
    } catch (error) {
      diagnostics.push(...readFailure(display, error));
    }
  }
  if (diagnostics.length) return emptyResult(displays, diagnostics);
  return loadBundleTexts(sources, opts);
}

/** The same as `loadBundleFiles`, for sources already in memory. */
export async function loadBundleTexts(sources: BundleSource[], opts: LoadOptions = {}): Promise<LoadedBundle> {
  const root = opts.root ? resolve(opts.root) : undefined;
  const diagnostics: Diagnostic[] = [];
  const parts: ParsedDocument[] = [];
  for (const source of sources) {
    const parsed = parseDocuments(source.text, source, opts);
    parts.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  const files = sources.map((s) => s.file);
  if (hasErrors(diagnostics)) return emptyResult(files, diagnostics, parts);
  if (parts.length === 0 || parts[0].value === null || parts[0].value === undefined) {
    const file = sources[0]?.file;
    diagnostics.push({ code: 'bundle-empty', severity: 'error', summary: 'malformed bundle: bundle is empty', hint: 'a bundle needs at least an `applications:` section', file, line: file ? 1 : undefined, col: file ? 1 : undefined });
    return emptyResult(files, diagnostics, parts);
  }

  // Files named on the command line read includes wherever they point, as Juju does; a
  // repository's models keep them inside the repository (a pull request must not read the CI
  // machine's files into a plan).
  const confineTo = opts.confine === false ? undefined : root;
  const readBytes = opts.readBytes ?? (opts.readFile ? async (p: string) => Buffer.from(await opts.readFile!(p), 'utf8') : (p: string) => (confineTo ? readWithin(confineTo, p) : readRegularFile(p)));
  const normalised: Raw[] = [];
  for (const [i, part] of parts.entries()) {
    const role = i === 0 ? 'base' : 'overlay';
    coerceStringFields(part);
    const legacy = isRecord(part.value) && 'services' in part.value && !('applications' in part.value);
    // A legacy `services:` bundle gets one clear error, not also "no applications".
    const schemaFindings = checkSchema(part, role === 'base' ? 'bundle' : 'overlay').filter((d) => !(legacy && d.code === 'missing-field' && d.pointer === '/'));
    diagnostics.push(...schemaFindings, ...checkKeys(part, role));
    const result = await normaliseDocument(part, { role, root: confineTo, readBytes });
    diagnostics.push(...result.diagnostics);
    normalised.push(result.value);
  }
  diagnostics.push(...checkBaseOnlyRules(parts[0], normalised[0]));

  const composition = startComposition(normalised[0]);
  for (let i = 1; i < normalised.length; i++) {
    // An overlay written with `services:` was refused above; it must not half-apply.
    if (isRecord(parts[i].value) && 'services' in (parts[i].value as Raw) && !('applications' in (parts[i].value as Raw))) continue;
    applyOverlay(composition, normalised[i], i);
  }
  const locate = makeLocator(parts, composition.relationOrigins);
  // Every finding at once, as Juju's verifier collects them: each rule guards the shapes it
  // reads, so a shape error elsewhere (num_units: -4, a mapping of relations) hides nothing.
  diagnostics.push(...validateBundle(composition.bundle, { locate, dialect: opts.dialect }));
  const bundle = composition.bundle as unknown as Bundle;
  if (!isRecord(bundle.applications)) bundle.applications = {};
  const local = await checkLocalCharms(bundle, locate, opts);
  diagnostics.push(...local.diagnostics);
  return { bundle, diagnostics, files, locate: (pointer) => locate(pointer), secretOptions: local.secretOptions };
}

function emptyResult(files: string[], diagnostics: Diagnostic[], parts: ParsedDocument[] = []): LoadedBundle {
  const locate = makeLocator(parts, []);
  return { bundle: { applications: {} }, diagnostics, files, locate: (pointer) => locate(pointer) };
}

function readFailure(file: string, error: unknown): Diagnostic[] {
  // The repository's reader already says what is wrong (not UTF-8, outside the repository).
  if (error instanceof GitopsError) {
    return error.diagnostics.length
      ? error.diagnostics.map((d) => ({ ...d, file }))
      : [{ code: error.code, severity: 'error', summary: error.message, hint: error.hint, file }];
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    // Read from a git revision (`--rev`), the file may exist in the working tree but not there.
    const revision = (error as { revision?: string }).revision;
    const summary = revision ? `no such file in revision ${revision}` : 'no such file';
    return [{ code: 'file-not-found', severity: 'error', summary, hint: 'check the path: in juju-gitops.yaml it is relative to the repository root, on the command line to the current folder', file }];
  }
  if (code === 'EISDIR') return [{ code: 'file-is-directory', severity: 'error', summary: 'is a folder, not a bundle file', file }];
  if (code === 'ENOTREG') return [{ code: 'file-not-regular', severity: 'error', summary: `is ${(error as { kind?: string }).kind ?? 'not a regular file'}, not a bundle file`, hint: 'give a regular file: a pipe or device would be read without end', file }];
  return [{ code: 'file-unreadable', severity: 'error', summary: `cannot read: ${(error as Error).message}`, file }];
}
