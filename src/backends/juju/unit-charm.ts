import type { LiveApplication, LiveUnit } from '../../model/live.js';

/** A charm URL as Juju keeps it: `ch:amd64/jammy/mysql-42`, `ch:amd64/mysql-42` (4.x), `cs:~user/mysql-6`, `local:focal/app-3`. */
export interface CharmUrl {
  local: boolean;
  name: string;
  revision: number;
}

/** The name and revision of a charm URL; undefined for a text that is not one (no `-N` revision). */
export function parseCharmUrl(url: string): CharmUrl | undefined {
  const colon = url.indexOf(':');
  const schema = colon >= 0 ? url.slice(0, colon) : '';
  const last = url.slice(colon + 1).split('/').pop() ?? '';
  const match = /^([a-z0-9][a-z0-9-]*?)-(\d+)$/.exec(last);
  if (!match) return undefined;
  return { local: schema === 'local', name: match[1], revision: Number(match[2]) };
}

/**
 * What one unit runs, from `juju status`. Juju has no per-unit config (a unit's options are its
 * application's, filled in from `juju config`), but it knows each unit's charm: a unit whose
 * charm URL differs from its application's carries it as `upgrading-from` (cmd/juju/status:
 * `Charm string json:"upgrading-from"`, set by the status facade only when the unit's URL is not
 * the application's). That is a unit still on the old revision after `juju refresh`: one the
 * charm holds back until an action lets it go, or one whose agent cannot upgrade.
 *
 * Juju 2.9 compared a subordinate unit's URL with its principal's application, so every
 * subordinate carries `upgrading-from` naming its own application's charm: a URL that names
 * what the application runs is no difference. A URL that cannot be read says nothing, and the
 * unit's revision is then left unknown rather than guessed. A channel is per application, so a
 * unit on another revision has none of its own to report.
 */
export function unitApplied(upgradingFrom: string | undefined, app: LiveApplication): LiveUnit['applied'] {
  const same: LiveUnit['applied'] = { options: {}, charm: app.charm, ...(app.channel ? { channel: app.channel } : {}), ...(app.revision !== undefined ? { revision: app.revision } : {}) };
  if (upgradingFrom === undefined || upgradingFrom === '') return same;
  const runs = parseCharmUrl(upgradingFrom);
  if (!runs) return { options: {}, charm: app.charm };
  const appName = app.charm.replace(/^local:/, '');
  const sameCharm = runs.name === appName && runs.local === app.charm.startsWith('local:');
  if (sameCharm && runs.revision === app.revision) return same;
  return { options: {}, charm: sameCharm ? app.charm : runs.local ? `local:${runs.name}` : runs.name, revision: runs.revision };
}
