import { memoised } from './memo.js';

/**
 * Charm identity as both sides spell it. A bundle may say `ch:mysql`, `mysql`, `cs:~user/mysql-12`,
 * `local:appserver-3` or a folder path; `juju status` says `mysql` or `local:appserver`. Only the
 * name (and whether it is local) identifies the charm: revisions are compared separately.
 */

/** True for a charm given as a folder or archive path, as Juju treats a value starting with `.` or `/`. */
export function isCharmPath(charm: string): boolean {
  return charm.startsWith('.') || charm.startsWith('/');
}

export function isLocalCharm(charm: string): boolean {
  return isCharmPath(charm) || charm.startsWith('local:');
}

// A charm name never ends in `-<digits>` (every hyphenated part holds a letter), so such a
// suffix is always a revision.
const revisionSuffix = /-\d+$/;

/** `ch:mysql` → `mysql`; `cs:~user/jammy/mysql-42` → `mysql`; `/x/charms/appserver` → `local:appserver`. */
export const canonicalCharm = memoised((charm: string): string => {
  const trimmed = charm.trim();
  if (isCharmPath(trimmed)) return `local:${charmNameFromPath(trimmed)}`;
  const colon = trimmed.indexOf(':');
  const scheme = colon >= 0 ? trimmed.slice(0, colon) : '';
  const rest = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  const name = (rest.split('/').pop() ?? rest).replace(revisionSuffix, '');
  return scheme === 'local' ? `local:${name}` : name;
});

/** Folder `…/charms/appserver/` → `appserver`; archive `…/haproxy_ubuntu-22.04-amd64.charm` → `haproxy`. */
function charmNameFromPath(path: string): string {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? path;
  return base.endsWith('.charm') ? base.slice(0, -'.charm'.length).split('_')[0] : base;
}
