import { stat } from 'node:fs/promises';
import type { Bundle } from '../model/bundle.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { insideRoot, realInsideRoot } from './includes.js';
import { isRecord, type Raw } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { positionIn } from './positions.js';
import { checkLocalEndpoints, checkLocalOptions, readLocalCharm, type LocalCharmFacts, type Locate } from './local-charm.js';
import type { LoadOptions } from './types.js';

/**
 * Juju refuses `image-id` constraints in a base bundle (only an overlay may pin an image);
 * checked on document 0 alone, before overlays change it.
 */
export function checkBaseOnlyRules(part: ParsedDocument, base: Raw): Diagnostic[] {
  const out: Diagnostic[] = [];
  const apps = isRecord(base.applications) ? base.applications : {};
  for (const [name, app] of Object.entries(apps)) {
    if (!isRecord(app) || typeof app.constraints !== 'string' || !/(^|\s)image-id=/.test(app.constraints)) continue;
    const path = ['applications', name, 'constraints'];
    out.push({ code: 'image-id-in-base', severity: 'error', summary: `application \`${name}\` sets an image-id constraint in the base bundle`, hint: 'set image-id constraints in an overlay', pointer: `/${path.join('/')}`, ...positionIn(part, path) });
  }
  return out;
}

/**
 * Local charm paths must exist, as Juju's VerifyLocal checks (through `exists` for a git
 * revision), and what the bundle asks of each local charm must be in it.
 */
export async function checkLocalCharms(bundle: Bundle, locate: Locate, opts: LoadOptions): Promise<{ diagnostics: Diagnostic[]; secretOptions: string[] }> {
  const exists = opts.exists ?? ((p: string) => stat(p).then(() => true, () => false));
  const charms = new Map<string, LocalCharmFacts>();
  // Only applications with a local charm are checked: a large bundle's store charms cost nothing here.
  const local = Object.entries(bundle.applications).filter(([, app]) => isRecord(app) && typeof app.charm === 'string' && app.charm.startsWith('/'));
  const checks = local.map(async ([name, app]): Promise<Diagnostic[]> => {
    const charm = app.charm as string;
    const within = opts.charmsWithin;
    if (within && (!insideRoot(within, charm) || !(await realInsideRoot(within, charm)))) {
      const pointer = `/applications/${name}/charm`;
      return [{
        code: 'charm-path-escapes-repo', severity: 'error', pointer, ...locate(pointer),
        summary: `charm path in application \`${name}\` leads outside the repository: ${charm}`,
        hint: 'keep local charms inside the repository (a reviewed change must not deploy a folder of the machine running it)',
      }];
    }
    if (await exists(charm)) {
      const facts = await readLocalCharm(charm, opts);
      if (!facts) return [];
      charms.set(name, facts);
      return checkLocalOptions(name, app, facts, locate);
    }
    const pointer = `/applications/${name}/charm`;
    return [{ code: 'charm-path-not-found', severity: 'error', summary: `charm path in application \`${name}\` does not exist: ${charm}`, hint: 'local charm paths are relative to the file that names them', pointer, ...locate(pointer) }];
  });
  const found = (await Promise.all(checks)).flat();
  // Options a local charm declares `type: secret` are masked in every output, like named ones.
  const secretOptions = [...new Set([...charms.values()].flatMap((c) => Object.entries(c.options).filter(([, o]) => o?.type === 'secret').map(([k]) => k)))].sort();
  return { diagnostics: [...found, ...checkLocalEndpoints(bundle, charms, locate)], secretOptions };
}
