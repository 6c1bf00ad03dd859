import { LineCounter, parseAllDocuments, visit, isAlias, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import { firstLine, yamlErrorDiagnostics } from './yaml-errors.js';

/** One YAML document of a bundle file: its plain value, and its syntax tree for positions. */
export interface ParsedDocument {
  /** Path shown to the user. */
  file: string;
  /** Absolute path, the anchor for includes and local charm paths. */
  absPath: string;
  /** Index of the document inside its file. */
  docIndex: number;
  value: unknown;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface ParseOptions {
  maxFileBytes?: number;
  maxAliasCount?: number;
}

/**
 * What go-yaml's reader refuses as "control characters are not allowed": anything outside
 * YAML's printable set (tab, line breaks, U+0020–U+007E, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD,
 * U+10000 and up). A lone surrogate cannot come out of UTF-8 decoding, but is refused too.
 */
const notPrintable = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const defaultMaxFileBytes = 8 * 1024 * 1024;
/** Generous for real bundles (anchors are shared a few dozen times), fatal for "billion laughs". */
export const defaultMaxAliasCount = 1000;

/**
 * Parses every `---` document of a bundle file once. Juju reads YAML with go-yaml v2, a YAML
 * 1.1 reader, so `yes`/`on` are booleans and `<<` merge keys work; the 1.1 schema matches that.
 */
export function parseDocuments(
  text: string,
  source: { file: string; absPath: string },
  opts: ParseOptions = {},
): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const { maxFileBytes = defaultMaxFileBytes, maxAliasCount = defaultMaxAliasCount } = opts;
  const diagnostics: Diagnostic[] = [];
  const bytes = Buffer.byteLength(text);
  if (bytes > maxFileBytes) {
    diagnostics.push({
      code: 'file-too-large',
      severity: 'error',
      summary: `file is ${bytes} bytes, over the limit of ${maxFileBytes}`,
      hint: 'split the bundle into overlays, or check that the right file was given',
      file: source.file,
    });
    return { documents: [], diagnostics };
  }
  const control = notPrintable.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const code = control[0].codePointAt(0)!;
    diagnostics.push({
      code: 'yaml-control-character',
      severity: 'error',
      summary: `control characters are not allowed (U+${code.toString(16).toUpperCase().padStart(4, '0')})`,
      hint: 'Juju\'s YAML reader refuses the file; write the character as an escape in a double-quoted string ("\\x00", "\\u0007")',
      file: source.file,
      line: before.split('\n').length,
      col: control.index - before.lastIndexOf('\n'),
    });
    return { documents: [], diagnostics };
  }
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, version: '1.1', merge: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const documents: ParsedDocument[] = [];
  docs.forEach((doc, docIndex) => {
    const at = (offset: number) => ({ file: source.file, ...lineCounter.linePos(offset) });
    const found = yamlErrorDiagnostics(doc.errors, text, at);
    diagnostics.push(...found);
    if (found.some((d) => d.severity === 'error')) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (error) {
      diagnostics.push({
        code: 'yaml-alias-limit',
        severity: 'error',
        summary: `aliases expand more than ${maxAliasCount} times (${firstLine(String((error as Error).message))})`,
        hint: 'a document that expands this much is refused as a resource-exhaustion attack; repeat values instead',
        ...at(firstAliasOffset(doc)),
      });
      return;
    }
    documents.push({ file: source.file, absPath: source.absPath, docIndex, value, doc, lineCounter });
  });
  return { documents, diagnostics };
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}
