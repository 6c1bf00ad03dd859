import { stat } from 'node:fs/promises';
import type { Bundle } from '../model/bundle.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isRecord, type Raw } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { positionIn } from './positions.js';
import type { LoadOptions, SourcePosition } from './types.js';

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

/** Local charm paths must exist, as Juju's VerifyLocal checks (through `exists` for a git revision). */
export async function checkLocalCharms(
  bundle: Bundle,
  locate: (pointer: string) => SourcePosition | undefined,
  opts: LoadOptions,
): Promise<Diagnostic[]> {
  const exists = opts.exists ?? ((p: string) => stat(p).then(() => true, () => false));
  const checks = Object.entries(bundle.applications).map(async ([name, app]) => {
    const charm = isRecord(app) ? app.charm : undefined;
    if (typeof charm !== 'string' || !charm.startsWith('/')) return undefined;
    if (await exists(charm)) return undefined;
    const pointer = `/applications/${name}/charm`;
    const d: Diagnostic = { code: 'charm-path-not-found', severity: 'error', summary: `charm path in application \`${name}\` does not exist: ${charm}`, hint: 'local charm paths are relative to the file that names them', pointer, ...locate(pointer) };
    return d;
  });
  return (await Promise.all(checks)).filter((d): d is Diagnostic => d !== undefined);
}
