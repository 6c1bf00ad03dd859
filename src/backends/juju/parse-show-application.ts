/**
 * `juju show-application APP… --format=json`: a map of application name to Juju's
 * `ApplicationInfo` (cmd/juju/application/show.go, the same in 3.6 and 4.0). Only the
 * constraints are read: status has no application constraints, and this is the one command that
 * prints them for several applications in one call. They come as Juju's `constraints.Value`
 * marshalled to JSON (sizes as numbers of MiB, lists as arrays; `{}` when none are set).
 */
export interface RawShowApplication {
  constraints?: RawConstraints;
}

export type RawConstraints = Record<string, string | number | boolean | string[] | null | undefined>;

/**
 * The keys of `constraints.Value`, in the order its `String()` writes them; sizes and lists
 * as that method writes them.
 */
const keyOrder = [
  'arch', 'container', 'cores', 'cpu-power', 'nested-virtualization', 'instance-role', 'instance-type', 'mem', 'root-disk',
  'root-disk-source', 'tags', 'spaces', 'virt-type', 'zones', 'allocate-public-ip', 'image-id',
] as const;
/** The order of `constraints.Value`'s fields, which is the order of its JSON keys. */
const fieldOrder = [
  'arch', 'container', 'cores', 'cpu-power', 'nested-virtualization', 'mem', 'root-disk', 'root-disk-source', 'tags',
  'instance-role', 'instance-type', 'spaces', 'virt-type', 'zones', 'allocate-public-ip', 'image-id',
];
const sizeKeys = new Set(['mem', 'root-disk']);
const countKeys = new Set(['cores', 'cpu-power']);
const boolKeys = new Set(['nested-virtualization', 'allocate-public-ip']);
const listKeys = new Set(['tags', 'spaces', 'zones']);

/** Each application's constraints as Juju writes them (`mem=4096M cores=2`), or none. */
export function parseShowApplication(raw: Record<string, RawShowApplication> | null): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([name, app]) => [name, constraintsString(app.constraints)]));
}

/** `constraints.Value.String()`: keys in Juju's order, sizes in M, a value's spaces escaped. */
export function constraintsString(value: RawConstraints | undefined): string | undefined {
  if (!value) return undefined;
  const parts: string[] = [];
  for (const key of keyOrder) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    let text = Array.isArray(v) ? v.join(',') : String(v);
    // Juju writes a zero size or count as an empty value (`mem=`), which clears it.
    if ((sizeKeys.has(key) || countKeys.has(key)) && v === 0) text = '';
    else if (sizeKeys.has(key)) text = `${text}M`;
    parts.push(`${key}=${text}`.replace(/ /g, '\\ '));
  }
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * The reverse, as Juju's `constraints.Parse` then JSON marshalling would print a constraint
 * string: what `show-application` shows for constraints set with `--constraints` or
 * `set-constraints`. Sizes take Juju's suffixes M, G, T, P (binary multiples of a MiB).
 */
export function constraintsValue(constraints: string | undefined): RawConstraints {
  const out: RawConstraints = {};
  const tokens = (constraints ?? '').replace(/\\ /g, '\0').trim().split(/\s+/).filter(Boolean);
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    const key = token.slice(0, eq) === 'cpu-cores' ? 'cores' : token.slice(0, eq);
    const value = token.slice(eq + 1).replace(/\0/g, ' ');
    if (sizeKeys.has(key)) out[key] = value === '' ? 0 : megabytes(value);
    else if (countKeys.has(key)) out[key] = value === '' ? 0 : Number(value);
    else if (boolKeys.has(key)) out[key] = value === 'true';
    else if (listKeys.has(key)) out[key] = value === '' ? [] : value.split(',');
    else out[key] = value;
  }
  const rank = (key: string) => (fieldOrder.indexOf(key) + fieldOrder.length + 1) % (fieldOrder.length + 1);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => rank(a) - rank(b)));
}

function megabytes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([MGTP])?$/.exec(value);
  if (!match) return Number.NaN;
  const factor = { M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 }[(match[2] ?? 'M') as 'M'];
  return Math.ceil(Number(match[1]) * factor);
}
