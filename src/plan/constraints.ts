import { memoised } from './memo.js';

/**
 * Canonical constraint and storage strings, so that `mem=8G cores=2` and `cores=2 mem=8192M`
 * compare equal, as they do for Juju, which parses both into the same value.
 */

const sizeKeys = new Set(['mem', 'root-disk']);
const listKeys = new Set(['tags', 'spaces', 'zones']);
const aliases: Record<string, string> = { 'cpu-cores': 'cores' };
const unitFactors: Record<string, number> = { M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 };

/**
 * A size in mebibytes written as Juju writes it (`8192M`), or undefined when it does not parse.
 * A fraction of a mebibyte is rounded up, as Juju's parseSize does (`mem=0.3G` is 308M).
 */
export function sizeInMegabytes(value: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)([MGTP])?(?:i?B)?$/i.exec(value.trim());
  if (!match) return undefined;
  const megabytes = Number(match[1]) * unitFactors[(match[2] ?? 'M').toUpperCase()];
  return `${Math.ceil(megabytes)}M`;
}

/** Keys sorted, aliases resolved, sizes in M, list values sorted; empty → undefined. */
export function canonicalConstraints(constraints: string | undefined): string | undefined {
  return constraints === undefined ? undefined : canonicalConstraintText(constraints);
}

const canonicalConstraintText = memoised((constraints: string): string | undefined => {
  const tokens = constraints.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return undefined;
  const entries = tokens.map((token) => {
    const eq = token.indexOf('=');
    if (eq < 0) return token;
    const key = aliases[token.slice(0, eq)] ?? token.slice(0, eq);
    let value = token.slice(eq + 1);
    if (sizeKeys.has(key)) value = sizeInMegabytes(value) ?? value;
    if (listKeys.has(key)) value = value.split(',').filter(Boolean).sort().join(',');
    return `${key}=${value}`;
  });
  return entries.sort().join(' ');
});

/**
 * A storage directive `pool,size,count` in any order, written `pool,count,size` as `juju
 * export-bundle` does. A bare integer is the count (Juju's default is 1), a number with a unit is
 * the size, anything else is the pool.
 */
export function canonicalStorage(directive: string): string {
  let pool: string | undefined;
  let count = '1';
  let size: string | undefined;
  for (const part of directive.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (/^\d+$/.test(part)) count = part;
    else if (sizeInMegabytes(part) !== undefined) size = sizeInMegabytes(part);
    else pool = part;
  }
  return [pool, count, size].filter((p) => p !== undefined).join(',');
}
