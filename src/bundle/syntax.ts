/**
 * Juju's name and directive grammars (juju/names, constraints, storage), as predicates that
 * return a reason when the text does not parse.
 */
const application = '[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*';
const number = '(?:0|[1-9][0-9]*)';

export const applicationName = new RegExp(`^${application}$`);
export const machineId = new RegExp(`^${number}$`);
export const relationName = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
export const storageName = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;
export const deviceName = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)$/;
const modelName = /^[a-z0-9]+[a-z0-9-]*$/;
const userName = /^[a-zA-Z0-9][a-zA-Z0-9.+-]*[a-zA-Z0-9](?:@[a-zA-Z0-9.-]+)?$|^[a-zA-Z0-9]$/;
const placementPattern = new RegExp(`^(?:([a-z]+):)?(?:(${application})(?:/(${number}))?|(${number}))$`);

export interface Placement {
  container?: string;
  application?: string;
  /** -1 when the placement names an application without a unit number. */
  unit: number;
  machine?: string;
}

/** `(<container>:)?(<app>[/<unit>]|<machine>|new)`, as Juju's ParsePlacement reads it. */
export function parsePlacement(text: string): Placement | undefined {
  const m = placementPattern.exec(text);
  if (!m) return undefined;
  const [, container, app, unit, machine] = m;
  if (app === 'new' && unit === undefined) return { container, machine: 'new', unit: -1 };
  if (app) return { container, application: app, unit: unit === undefined ? -1 : Number(unit) };
  return { container, machine, unit: -1 };
}

/** `[controller:][owner/]model.offer`; returns why it is invalid, or undefined. */
export function offerUrlProblem(url: string): string | undefined {
  let rest = url;
  const colon = rest.indexOf(':');
  if (colon === 0) return 'it starts with ":"';
  if (colon > 0) rest = rest.slice(colon + 1);
  const m = /^(?:([^/]+)\/)?([^.]*)(?:\.([^:]*))?$/.exec(rest);
  if (!m) return 'it must look like [controller:][owner/]model.offer';
  const [, user, model, offer] = m;
  if (model.includes('/') || (offer ?? '').includes('/')) return 'it must look like [controller:][owner/]model.offer';
  if (!model) return 'it names no model';
  if (user !== undefined && !userName.test(user)) return `user name ${JSON.stringify(user)} is not valid`;
  if (!modelName.test(model)) return `model name ${JSON.stringify(model)} is not valid`;
  if (!offer) return 'it names no offer (model.offer)';
  if (!applicationName.test(offer)) return `offer name ${JSON.stringify(offer)} is not valid`;
  return undefined;
}

const constraintKeys = new Set([
  'arch', 'container', 'cores', 'cpu-cores', 'cpu-power', 'mem', 'root-disk', 'root-disk-source', 'tags',
  'instance-role', 'instance-type', 'spaces', 'virt-type', 'zones', 'allocate-public-ip', 'image-id',
]);
const sizeValue = /^\d+(?:\.\d+)?[MGTPEZY]?$/;
const constraintValue: Record<string, RegExp> = {
  arch: /^(?:amd64|arm64|ppc64el|s390x|riscv64|i386|armhf)?$/,
  cores: /^\d*$/,
  'cpu-cores': /^\d*$/,
  'cpu-power': /^\d*$/,
  mem: /^(?:\d+(?:\.\d+)?[MGTPEZY]?)?$/,
  'root-disk': /^(?:\d+(?:\.\d+)?[MGTPEZY]?)?$/,
  'allocate-public-ip': /^(?:true|false)?$/,
  container: /^(?:lxd|kvm|none)?$/,
};

/** Juju's constraints grammar: space-separated `key=value`, each key once. */
export function constraintsProblem(text: string): string | undefined {
  const seen = new Set<string>();
  for (const item of text.trim().split(/\s+/).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) return `malformed constraint ${JSON.stringify(item)} (expected key=value)`;
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (!constraintKeys.has(key)) return `unknown constraint ${JSON.stringify(key)}`;
    if (seen.has(key)) return `constraint ${JSON.stringify(key)} given twice`;
    seen.add(key);
    if (constraintValue[key] && !constraintValue[key].test(value)) return `bad value ${JSON.stringify(value)} for ${key}`;
  }
  return undefined;
}

/** A storage directive `pool,size,count` with its parts in any order. */
export function storageProblem(text: string): string | undefined {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) return 'an empty field';
  let pool = 0;
  let size = 0;
  let count = 0;
  for (const p of parts) {
    if (/^\d+$/.test(p)) count++;
    else if (sizeValue.test(p) || /^\d+(?:\.\d+)?[MGTPEZY]i?B$/.test(p)) size++;
    else if (/^[a-zA-Z][a-zA-Z0-9-]*$/.test(p)) pool++;
    else return `cannot parse ${JSON.stringify(p)} as a pool, size or count`;
  }
  if (pool > 1 || size > 1 || count > 1) return 'pool, size and count may each appear once';
  return undefined;
}

/** A device directive `[count,]class[,attr=value;…]`. */
export function deviceProblem(text: string): string | undefined {
  const parts = text.split(',');
  if (parts.length && /^\d+$/.test(parts[0])) parts.shift();
  const [deviceClass, attributes, ...extra] = parts;
  if (!deviceClass || !/^[a-zA-Z0-9./_-]+$/.test(deviceClass)) return 'a device class such as nvidia.com/gpu is required';
  if (extra.length) return 'too many fields';
  if (attributes && !attributes.split(';').every((a) => /^[^=;]+=[^=;]*$/.test(a))) return 'attributes must be key=value;key=value';
  return undefined;
}

const cidrV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function isCidr(text: string): boolean {
  const v4 = cidrV4.exec(text);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const [addr, bits, ...rest] = text.split('/');
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > 128) return false;
  return /^[0-9a-fA-F:]+$/.test(addr) && addr.includes(':') && (addr.match(/::/g) ?? []).length <= 1;
}

const seriesVersions: Record<string, string> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', focal: '20.04', jammy: '22.04', noble: '24.04',
};

/** `ubuntu@22.04[/risk]`. */
export const basePattern = /^[a-z]+@[0-9]+(?:\.[0-9]+)*(?:\/[a-z]+)?$/;

/** The Ubuntu version a series names, to check it against a base given alongside. */
export function seriesVersion(series: string): string | undefined {
  return seriesVersions[series];
}
