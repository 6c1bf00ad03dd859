import { Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { GitopsError } from '../model/errors.js';
import { blockText, indentUnit, lineColumn, lineStart, nodeSpanEnd, pairSpanEnd } from './yaml-text.js';

/**
 * Edits one value of a YAML file the way a person would: only the lines that change are
 * touched, so comments, quoting, blank lines and key order everywhere else stay byte for byte.
 * The Document API finds the nodes and their source ranges; a layout the line edits cannot
 * express (flow collections, a document that is not a block map) falls back to editing the
 * Document with setIn/deleteIn and re-rendering that one document.
 */
export type YamlPath = readonly string[];
type AnyPair = Pair<Node, Node | null>;
/** Juju reads YAML 1.1: a string like `yes` or `2024-01-01` must be written quoted. */
const yaml11 = { version: '1.1' } as const;

interface Located {
  text: string;
  doc: Document.Parsed;
  index: number;
}

function locate(text: string, index: number): Located {
  const doc = parseAllDocuments(text, { version: '1.1', merge: true })[index] as Document.Parsed | undefined;
  if (!doc) throw editError(`the file has no YAML document number ${index + 1}`);
  if (doc.errors.length) throw editError(`the file is not valid YAML: ${doc.errors[0].message}`);
  return { text, doc, index };
}

function editError(message: string): GitopsError {
  return new GitopsError('yaml-edit-failed', message, {
    hint: 'fix the file by hand (`juju-gitops validate` shows where), then run the command again',
  });
}

function mergeError(path: YamlPath): GitopsError {
  return new GitopsError('yaml-edit-alias', `cannot edit ${path.join('.')}: its value comes from a YAML alias or merge key`, {
    hint: 'write the value out in place of the alias (or edit the anchored value), then run the command again',
  });
}

function findPair(map: YAMLMap, key: string): AnyPair | undefined {
  return (map.items as AnyPair[]).find((p) => isScalar(p.key) && (String(p.key.value) === key || p.key.source === key));
}

function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((p) => isScalar(p.key) && p.key.value === '<<');
}

function nest(path: YamlPath, value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** `key:` with nothing after it, or an empty flow collection: a place a block can be put. */
function isEmptyValue(node: Node | null): boolean {
  if (node === null) return true;
  if (isScalar(node)) return node.value === null && node.range?.[0] === node.range?.[1];
  return (isMap(node) || isSeq(node)) && node.flow === true && node.items.length === 0;
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** The fallback: edit the Document itself and re-render that one document in place. */
function rerender(located: Located, edit: (doc: Document.Parsed) => void): string {
  const { text, doc, index } = located;
  edit(doc);
  const from = index === 0 ? 0 : doc.range[0];
  let rendered = doc.toString({ lineWidth: 0 });
  if (index > 0 && !rendered.startsWith('---')) rendered = `---\n${rendered}`;
  return text.slice(0, from) + rendered + text.slice(doc.range[2]);
}

function renderBlock(value: unknown, column: number, unit: number): string {
  return blockText(new Document(value, yaml11).toString({ indent: unit, lineWidth: 0 }), column);
}

/** One-line rendering of a scalar, keeping the old value's quote style for strings. */
function renderScalar(value: unknown, like: Scalar): string | undefined {
  if (value !== null && typeof value === 'object') return undefined;
  const scalar = new Scalar(value);
  if (typeof value === 'string' && typeof like.value === 'string' && like.type?.startsWith('QUOTE')) scalar.type = like.type;
  const rendered = new Document(scalar, yaml11).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return rendered.includes('\n') ? undefined : rendered;
}

/** Sets the value at `path` in document `doc` (default 0), creating the maps on the way. */
export function setYamlValue(text: string, opts: { doc?: number; path: YamlPath; value: unknown }): string {
  const located = locate(text, opts.doc ?? 0);
  const fallback = () => rerender(located, (d) => d.setIn([...opts.path], d.createNode(opts.value)));
  const unit = indentUnit(located.doc, text);
  let node = located.doc.contents as Node | null;
  for (let i = 0; i < opts.path.length; i++) {
    if (!isMap(node) || node.flow || node.items.length === 0) return fallback();
    const pair = findPair(node, opts.path[i]);
    const rest = opts.path.slice(i + 1);
    if (!pair) {
      if (hasMergeKey(node) && rest.length > 0) throw mergeError(opts.path);
      return insertPair(text, node, opts.path[i], nest(rest, opts.value), unit);
    }
    if (isAlias(pair.value)) throw mergeError(opts.path);
    if (rest.length === 0) return replaceValue(text, pair, opts.value, unit) ?? fallback();
    if (isEmptyValue(pair.value)) return fillEmpty(text, pair, nest(rest, opts.value), unit);
    node = pair.value;
  }
  return fallback();
}

function insertPair(text: string, map: YAMLMap, key: string, value: unknown, unit: number): string {
  const items = map.items as AnyPair[];
  const column = lineColumn(text, items[0].key.range![0]);
  const at = pairSpanEnd(text, items[items.length - 1]);
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return splice(text, at, at, prefix + renderBlock({ [key]: value }, column, unit));
}

function replaceValue(text: string, pair: AnyPair, value: unknown, unit: number): string | undefined {
  const old = pair.value;
  if (isEmptyValue(old) && value !== null && typeof value === 'object') return fillEmpty(text, pair, value, unit);
  if (!isScalar(old) || !old.range) return undefined;
  const rendered = renderScalar(value, old);
  if (rendered === undefined) return undefined;
  if (old.range[0] === old.range[1]) {
    // `key:` followed by nothing (or by a comment): the value goes right after the colon.
    const colon = text.indexOf(':', pair.key.range![1]);
    const comment = text.slice(colon + 1, old.range[0]).trim() === '' && text[old.range[0]] === '#';
    return splice(text, colon + 1, old.range[0], ` ${rendered}${comment ? '  ' : ''}`);
  }
  return splice(text, old.range[0], old.range[1], rendered);
}

/** Turns `key:` (empty) or `key: {}` / `key: []` into `key:` followed by an indented block. */
function fillEmpty(text: string, pair: AnyPair, value: unknown, unit: number): string {
  const column = lineColumn(text, pair.key.range![0]) + unit;
  const colon = text.indexOf(':', pair.key.range![1]);
  const old = pair.value;
  let edited = text;
  if (old?.range && old.range[1] > old.range[0]) edited = splice(text, old.range[0], old.range[1], '');
  const eol = edited.indexOf('\n', colon);
  let at = eol === -1 ? edited.length : eol;
  const trailing = edited.slice(colon + 1, at);
  if (trailing.trim() === '') {
    edited = splice(edited, colon + 1, at, '');
    at = colon + 1;
  }
  return splice(edited, at, at, `\n${renderBlock(value, column, unit).replace(/\n$/, '')}`);
}

/**
 * Deletes the key at `path`. A map the deletion leaves empty goes too (in an overlay an empty
 * `options:` clears every option and an empty application deletes it), except a top-level
 * key, which is kept as `{}`.
 */
export function deleteYamlValue(text: string, opts: { doc?: number; path: YamlPath }): string {
  const located = locate(text, opts.doc ?? 0);
  const chain: { map: YAMLMap; pair: AnyPair }[] = [];
  let node = located.doc.contents as Node | null;
  for (const key of opts.path) {
    if (!isMap(node)) return text;
    const pair = findPair(node, key);
    if (!pair) return text;
    chain.push({ map: node, pair });
    node = pair.value;
  }
  if (chain.some(({ map }) => map.flow)) return rerender(located, (d) => pruneIn(d, opts.path));
  let depth = chain.length - 1;
  while (depth > 0 && chain[depth].map.items.length === 1) depth--;
  const { pair } = chain[depth];
  if (depth === 0 && chain.length > 1) {
    return splice(text, pair.key.range![1], pairSpanEnd(text, pair), ': {}\n');
  }
  return splice(text, lineStart(text, pair.key.range![0]), pairSpanEnd(text, pair), '');
}

function pruneIn(doc: Document.Parsed, path: YamlPath): void {
  doc.deleteIn([...path]);
  for (let i = path.length - 1; i >= 1; i--) {
    const parent = doc.getIn(path.slice(0, i), true);
    if (!isMap(parent) || parent.items.length > 0) break;
    if (i === 1) doc.setIn(path.slice(0, 1), doc.createNode({}));
    else doc.deleteIn(path.slice(0, i));
  }
}

/** Appends items to the sequence at `path`, creating it when missing. */
export function appendYamlItems(text: string, opts: { doc?: number; path: YamlPath; items: unknown[] }): string {
  if (opts.items.length === 0) return text;
  const located = locate(text, opts.doc ?? 0);
  const seq = located.doc.getIn([...opts.path], true) as Node | null | undefined;
  if (seq === undefined || isEmptyValue(seq)) {
    return setYamlValue(text, { doc: opts.doc, path: opts.path, value: [...opts.items] });
  }
  if (!isSeq(seq) || seq.flow || !seq.range || seq.items.length === 0) {
    return rerender(located, (d) => {
      for (const item of opts.items) d.addIn([...opts.path], item);
    });
  }
  const column = lineColumn(text, seq.range[0]);
  const at = nodeSpanEnd(text, seq.items[seq.items.length - 1] as Node);
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return splice(text, at, at, prefix + blockText(new Document(opts.items, yaml11).toString({ lineWidth: 0 }), column));
}
