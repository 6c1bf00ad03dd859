import type { RelationOrigin } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { hasPath, pointerToPath, positionIn, type Path } from './positions.js';
import type { SourcePosition } from './types.js';

/** Fields written under another name and folded during normalisation. */
const writtenAs: Record<string, string> = { num_units: 'scale', to: 'placement' };

/**
 * Where a pointer of the composed bundle was last written: the latest document that writes
 * the path wins, as it does in the merge. Relations are appended, so their index in the
 * composed list maps through the recorded origins. Computed on demand only.
 */
export function makeLocator(parts: ParsedDocument[], relationOrigins: RelationOrigin[]) {
  const find = (path: Path): number => {
    for (let i = parts.length - 1; i >= 0; i--) if (hasPath(parts[i], path)) return i;
    return -1;
  };
  return (pointer: string, target: 'key' | 'value' = 'value'): SourcePosition | undefined => {
    if (parts.length === 0) return undefined;
    let path: Path = pointerToPath(pointer);
    if (path[0] === 'relations' && path.length >= 2) {
      const origin = relationOrigins[Number(path[1])];
      if (origin) return positionIn(parts[origin.part], ['relations', origin.index, ...path.slice(2)], target);
    }
    let i = find(path);
    const field = path[path.length - 1];
    if (i < 0 && typeof field === 'string' && writtenAs[field]) {
      const alias = [...path.slice(0, -1), writtenAs[field]];
      const j = find(alias);
      if (j >= 0) return positionIn(parts[j], alias, target);
    }
    // Fall back to the nearest enclosing entry that is written (e.g. a value from `<<: *x`).
    while (i < 0 && path.length > 0) {
      path = path.slice(0, -1);
      target = 'key';
      i = find(path);
    }
    return positionIn(parts[Math.max(i, 0)], path, target);
  };
}
