import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedDocument } from './parse.js';
import type { SourcePosition } from './types.js';

export type Path = readonly (string | number)[];

/** `/applications/web/options` → ['applications', 'web', 'options'] (RFC 6901 unescaping). */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pathToPointer(path: Path): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

interface Found {
  /** The deepest node reached, and the key node that led to it. */
  node: Node | null;
  key: Node | null;
  /** True when the whole path was found. */
  complete: boolean;
}

/** Walks a document's syntax tree along a path, as far as it goes. */
function walk(part: ParsedDocument, path: Path): Found {
  let node = part.doc.contents as Node | null;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && scalarKey(p.key) === String(segment));
      if (!pair) return { node, key, complete: false };
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
      if (node === null) return { node: key, key, complete: segment === path[path.length - 1] };
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (item === undefined) return { node, key, complete: false };
      key = null;
      node = item;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function scalarKey(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** True when the document itself writes the value at `path` (not through a merge key). */
export function hasPath(part: ParsedDocument, path: Path): boolean {
  return walk(part, path).complete;
}

/**
 * Position of the value at `path` in a document; `key` points at the key instead (where an
 * unknown or misspelt key is). Falls back to the nearest enclosing node that exists.
 */
export function positionIn(part: ParsedDocument, path: Path, target: 'key' | 'value' = 'value'): SourcePosition {
  const found = walk(part, path);
  const node = target === 'key' && found.complete && found.key ? found.key : found.node;
  const offset = node?.range?.[0] ?? 0;
  return { file: part.file, ...part.lineCounter.linePos(offset) };
}

/** The raw text of a scalar as written, so `1.10` stays `1.10` when a string was meant. */
export function sourceText(part: ParsedDocument, path: Path): string | undefined {
  const found = walk(part, path);
  return found.complete && isScalar(found.node) && typeof found.node.source === 'string' ? found.node.source : undefined;
}
