/**
 * Key paths of JSON documents, with the levels whose keys are names (applications, units,
 * machines, offers…) written as `*` and array items as `[]`, so a path means the same field in
 * every capture: `applications.*.units.*.juju-status.current`.
 */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/**
 * Which levels of a document are keyed by names: exact paths, or `**.key` for a key at any
 * depth. With `typed`, an entry that says its own `type` (a config setting) is `*[int]`, so an
 * int option's value is compared with int options' values only.
 */
export interface NameKeyed {
  paths: string[];
  typed?: boolean;
}

export const statusKeyed: NameKeyed = {
  paths: [
    'applications', 'applications.*.units', '**.subordinates', 'machines', '**.containers', 'application-endpoints', 'offers',
    'applications.*.relations', 'application-endpoints.*.relations', '**.endpoints', '**.endpoint-bindings',
  ],
};
export const configKeyed: NameKeyed = { paths: ['settings', 'application-config'], typed: true };
export const offersKeyed: NameKeyed = { paths: ['', '*.endpoints', '*.users'] };
export const showModelKeyed: NameKeyed = { paths: ['', '*.users', '*.machines'] };
export const modelConfigKeyed: NameKeyed = { paths: [''] };
export const showApplicationKeyed: NameKeyed = { paths: ['', '*.exposed-endpoints', '*.endpoint-bindings'] };

function isNameKeyed(path: string, keyed: NameKeyed): boolean {
  return keyed.paths.some((k) => (k.startsWith('**.') ? path === k.slice(3) || path.endsWith(`.${k.slice(3)}`) : path === k));
}

function childPath(path: string, key: string, child: unknown, keyed: NameKeyed): string {
  if (!isNameKeyed(path, keyed)) return join(path, key);
  const type = keyed.typed && child && typeof child === 'object' ? (child as { type?: unknown }).type : undefined;
  return join(path, typeof type === 'string' ? `*[${type}]` : '*');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

/** Every key path of a document with the types seen there. */
export function keyPathTypes(doc: unknown, keyed: NameKeyed): Map<string, Set<JsonType>> {
  const out = new Map<string, Set<JsonType>>();
  const walk = (value: unknown, path: string) => {
    if (path !== '') (out.get(path) ?? out.set(path, new Set()).get(path)!).add(typeOf(value));
    if (Array.isArray(value)) value.forEach((v) => walk(v, `${path}[]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, childPath(path, k, v, keyed));
    }
  };
  walk(doc, '');
  return out;
}

/**
 * The document behind a proxy that records every key path read from it, so a test learns
 * which fields a parser uses by running it rather than from a hand-kept list.
 */
export function recordReads<T>(doc: T, keyed: NameKeyed): { doc: T; paths: Set<string> } {
  const paths = new Set<string>();
  const wrap = (value: unknown, path: string): unknown => {
    if (!value || typeof value !== 'object') return value;
    return new Proxy(value as object, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || (Array.isArray(target) && !/^\d+$/.test(key))) return child;
        const next = Array.isArray(target) ? `${path}[]` : childPath(path, key, child, keyed);
        if (Object.prototype.hasOwnProperty.call(target, key)) paths.add(next);
        return wrap(child, next);
      },
      has(target, key) {
        if (typeof key === 'string' && !Array.isArray(target)) paths.add(childPath(path, key, Reflect.get(target, key), keyed));
        return Reflect.has(target, key);
      },
    });
  };
  return { doc: wrap(doc, '') as T, paths };
}
