import fs from 'node:fs';
import path from 'node:path';
import { GitopsError } from '../../model/errors.js';
import { loadCharm } from './load-charm.js';
import type { LocalCharm } from './types.js';

/** What a bundle's `charm:` value refers to. */
export type CharmRef =
  | { kind: 'local'; charm: LocalCharm }
  | { kind: 'opaque'; name: string; revision?: number };

/**
 * The controller's charm catalogue: charm folders named by path (`/abs/charms/appserver`, as a
 * loaded bundle gives them) or by `local:NAME` when a catalogue directory holds them. Any other
 * name is a Charmhub charm the controller knows nothing about, accepted as opaque.
 */
export class CharmCatalogue {
  private readonly byDir = new Map<string, LocalCharm>();
  private readonly dirs: string[];

  constructor(dirs: readonly string[] = []) {
    this.dirs = dirs.map((d) => path.resolve(d));
  }

  /** Resolves a bundle charm reference, reading local charm folders afresh (they may have changed). */
  resolve(ref: string): CharmRef {
    if (ref.startsWith('local:')) {
      const name = ref.slice('local:'.length).replace(/-\d+$/, '');
      const dir = this.findByName(name);
      if (!dir) {
        throw new GitopsError('charm-not-found', `no local charm named ${name} in the catalogue`, {
          hint: this.dirs.length ? `looked in ${this.dirs.join(', ')}` : 'deploy a local charm by its folder path',
        });
      }
      return { kind: 'local', charm: this.load(dir) };
    }
    if (ref.startsWith('/') || ref.startsWith('./') || ref.startsWith('../')) {
      if (!path.isAbsolute(ref)) {
        throw new GitopsError('charm-path-relative', `local charm path ${ref} is relative`, {
          hint: 'bundles give local charm paths relative to the bundle file; load the bundle so they become absolute',
        });
      }
      if (!fs.existsSync(ref)) throw new GitopsError('charm-not-found', `local charm folder ${ref} does not exist`);
      return { kind: 'local', charm: this.load(ref) };
    }
    return { kind: 'opaque', ...parseCharmUrl(ref) };
  }

  /** The charm last read from `dir`, reading it when it has not been yet; undefined when it is gone. */
  cached(dir: string): LocalCharm | undefined {
    const known = this.byDir.get(dir);
    if (known) return known;
    try {
      return this.load(dir);
    } catch {
      return undefined;
    }
  }

  private load(dir: string): LocalCharm {
    const charm = loadCharm(path.resolve(dir));
    this.byDir.set(charm.dir, charm);
    return charm;
  }

  private findByName(name: string): string | undefined {
    for (const dir of this.dirs) {
      if (fs.existsSync(path.join(dir, 'metadata.yaml'))) {
        if (path.basename(dir) === name || this.cached(dir)?.info.name === name) return dir;
        continue;
      }
      const candidate = path.join(dir, name);
      if (fs.existsSync(path.join(candidate, 'metadata.yaml'))) return candidate;
    }
    return undefined;
  }
}

/**
 * Reduces a charm URL to the bare name `juju status` prints: `ch:mysql` → mysql,
 * `cs:~user/xenial/wordpress-12` → wordpress (revision 12).
 */
export function parseCharmUrl(ref: string): { name: string; revision?: number } {
  let rest = ref.trim().replace(/^(ch|cs):/, '');
  rest = rest.split('/').pop() ?? rest;
  const match = /^(.*?)-(\d+)$/.exec(rest);
  return match && /[a-z]/.test(match[1]) ? { name: match[1], revision: Number(match[2]) } : { name: rest };
}
