/**
 * Overlay merging exactly as Juju's `applyOverlay`/`mergeStructs` do it (charm v12
 * overlay.go). Works on plain, already normalised documents; the caller owns the accumulator.
 */
export type Raw = Record<string, unknown>;

/** Where a relation of the composed bundle was written: part index and index in that part. */
export interface RelationOrigin {
  part: number;
  index: number;
}

export interface Composition {
  bundle: Raw;
  relationOrigins: RelationOrigin[];
}

/** Map fields are merged key by key; every other field is replaced when present. */
const mapFields = new Set(['options', 'annotations', 'storage', 'devices', 'bindings', 'resources', 'offers', 'exposed-endpoints']);
/**
 * Go decodes a null entry of a `map[string]string` as "" and keeps it; only maps of
 * interfaces, pointers or structs treat a null entry as "delete this key".
 */
const stringMapFields = new Set(['annotations', 'storage', 'devices', 'bindings']);

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The composition of a base document alone: relations are attributed to part 0. */
export function startComposition(base: Raw): Composition {
  const relations = Array.isArray(base.relations) ? base.relations : [];
  return { bundle: base, relationOrigins: relations.map((_, index) => ({ part: 0, index })) };
}

/** Applies one overlay document (part `partIndex`) onto the composition, in place. */
export function applyOverlay(acc: Composition, overlay: Raw, partIndex: number): void {
  const bundle = acc.bundle;
  for (const section of ['applications', 'saas'] as const) {
    const entries = overlay[section];
    if (!isRecord(entries) || Object.keys(entries).length === 0) continue;
    const target = isRecord(bundle[section]) ? (bundle[section] as Raw) : (bundle[section] = {} as Raw);
    for (const [name, spec] of Object.entries(entries)) {
      if (spec === null || spec === undefined) {
        // `name:` with nothing after it removes the entry and every relation naming it.
        delete target[name];
        removeRelationsOf(acc, name);
      } else if (isRecord(target[name]) && isRecord(spec)) {
        mergeFields(target[name] as Raw, spec);
      } else {
        target[name] = spec;
      }
    }
    if (Object.keys(target).length === 0) delete bundle[section];
  }
  if (typeof overlay.series === 'string' && overlay.series !== '') bundle.series = overlay.series;
  if (Array.isArray(overlay.relations) && overlay.relations.length > 0) {
    const relations = Array.isArray(bundle.relations) ? bundle.relations : (bundle.relations = []);
    overlay.relations.forEach((relation, index) => {
      relations.push(relation);
      acc.relationOrigins.push({ part: partIndex, index });
    });
  }
  // A present `machines` key replaces the whole section; Juju has no per-machine merge.
  if (overlay.machines !== undefined && overlay.machines !== null) bundle.machines = overlay.machines;
}

/** Pure form of `applyOverlay` for callers holding plain bundles. */
export function mergeOverlay(base: Raw, overlay: Raw): Raw {
  const acc = startComposition(structuredClone(base));
  applyOverlay(acc, structuredClone(overlay), 1);
  return acc.bundle;
}

function mergeFields(dst: Raw, src: Raw): void {
  for (const [field, value] of Object.entries(src)) {
    if (!mapFields.has(field)) {
      if (value === null || value === undefined) delete dst[field];
      else dst[field] = value;
      continue;
    }
    if (!isRecord(value) || Object.keys(value).length === 0) {
      // `options:` or `options: {}` clears the map.
      delete dst[field];
      continue;
    }
    const map = isRecord(dst[field]) ? (dst[field] as Raw) : (dst[field] = {} as Raw);
    for (const [key, entry] of Object.entries(value)) {
      if (entry !== null && entry !== undefined) map[key] = entry;
      else if (stringMapFields.has(field)) map[key] = '';
      else delete map[key];
    }
    if (Object.keys(map).length === 0) delete dst[field];
  }
}

function removeRelationsOf(acc: Composition, name: string): void {
  const relations = acc.bundle.relations;
  if (!Array.isArray(relations)) return;
  const names = (end: unknown) => typeof end === 'string' && (end === name || end.startsWith(name + ':'));
  const keep: unknown[] = [];
  const origins: RelationOrigin[] = [];
  relations.forEach((relation, i) => {
    // Malformed relations stay, so verification reports them.
    if (Array.isArray(relation) && relation.length === 2 && (names(relation[0]) || names(relation[1]))) return;
    keep.push(relation);
    origins.push(acc.relationOrigins[i]);
  });
  acc.bundle.relations = keep;
  acc.relationOrigins = origins;
}
