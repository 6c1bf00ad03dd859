import type { ModelExport } from '../model/export.js';

/**
 * Field-by-field differences between two exports of what should be the same model, as
 * `path: source → target` lines. What legitimately differs between two controllers is left
 * out: when each export was taken, which controller it came from, and the controller part of
 * offer URLs.
 */
export function compareExports(source: ModelExport, target: ModelExport): string[] {
  const differences: string[] = [];
  walk(comparable(source), comparable(target), '', differences);
  return differences;
}

function comparable(doc: ModelExport): unknown {
  const { exportedAt: _at, source: _source, ...rest } = doc;
  return {
    ...rest,
    offers: Object.fromEntries(Object.entries(doc.offers).map(([name, o]) => [name, { ...o, url: o.url.replace(/^[^:/]+:/, '') }])),
  };
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 50) return;
  if (a === b) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.push(`${path || '(root)'}: ${show(a)} → ${show(b)}`);
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
