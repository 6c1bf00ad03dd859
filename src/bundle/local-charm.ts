import { join } from 'node:path';
import { parse } from 'yaml';
import { checkOptions } from './charm-options.js';
import type { Bundle } from '../model/bundle.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { CharmOption } from '../model/live.js';
import { isRecord } from './merge.js';
import { readRegularFile } from './read-regular.js';
import { closestMatch } from './suggest.js';
import type { LoadOptions, SourcePosition } from './types.js';

/**
 * What a bundle may ask of a local charm folder, checked before anything is deployed as
 * Juju's VerifyWithCharms does: options the charm declares, of the declared type, and relation
 * endpoints its metadata has. Opaque charms (any other name) are not checked.
 */
export type Locate = (pointer: string, target?: 'key' | 'value') => SourcePosition | undefined;

export interface LocalCharmFacts {
  options: Record<string, CharmOption>;
  endpoints: string[];
}

const optionTypes: readonly unknown[] = ['string', 'int', 'float', 'boolean', 'secret'];
const endpointSections = ['provides', 'requires', 'peers'];

/**
 * The options (none without config.yaml) and endpoints of a charm folder, or undefined when it
 * is not a charm folder that can be read here (a `.charm` archive, a folder of another
 * machine): then the controller reports what is wrong when it loads the charm.
 */
export async function readLocalCharm(charmDir: string, opts: LoadOptions): Promise<LocalCharmFacts | undefined> {
  const read = async (file: string) => (opts.readFile ? opts.readFile(file) : (await readRegularFile(file)).toString('utf8'));
  try {
    const metadata = parse(await read(join(charmDir, 'metadata.yaml'))) as Record<string, unknown> | null;
    const config = parse(await read(join(charmDir, 'config.yaml')).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    })) as { options?: unknown } | null;
    const endpoints = endpointSections.flatMap((s) => (isRecord(metadata?.[s]) ? Object.keys(metadata[s] as object) : []));
    return { options: isRecord(config?.options) ? (config.options as Record<string, CharmOption>) : {}, endpoints };
  } catch {
    return undefined;
  }
}

export function checkLocalOptions(app: string, spec: unknown, charm: LocalCharmFacts, locate: Locate): Diagnostic[] {
  const options = isRecord(spec) && isRecord(spec.options) ? spec.options : {};
  const known = Object.keys(charm.options);
  const out: Diagnostic[] = [];
  for (const [key, value] of Object.entries(options)) {
    const pointer = `/applications/${app}/options/${key}`;
    const option = charm.options[key];
    if (!option) {
      const guess = closestMatch(key, known);
      out.push({
        code: 'option-unknown', severity: 'error', pointer, ...locate(pointer, 'key'),
        summary: `application \`${app}\` sets option \`${key}\`, which its local charm does not have`,
        hint: guess ? `did you mean \`${guess}\`?` : `options of the charm: ${known.join(', ') || '(none)'}`,
      });
      continue;
    }
    // A type the charm gets wrong is the charm's problem, reported when the controller loads it.
    if (value === null || !isRecord(option) || !optionTypes.includes(option.type)) continue;
    try {
      checkOptions(app, { [key]: value }, { [key]: option });
    } catch (error) {
      if (!(error instanceof GitopsError)) throw error;
      for (const d of error.diagnostics) out.push({ ...d, pointer, ...locate(pointer), hint: option.description ? `${key}: ${option.description}` : undefined });
    }
  }
  return out;
}

/** `app:endpoint` in a relation must name an endpoint of the app's local charm. */
export function checkLocalEndpoints(bundle: Bundle, charms: Map<string, LocalCharmFacts>, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (charms.size === 0) return out;
  // Runs on whatever parsed: `relations:` may be a mapping or a scalar here.
  const relations: unknown[] = Array.isArray(bundle.relations) ? bundle.relations : [];
  relations.forEach((relation, i) => {
    if (!Array.isArray(relation)) return;
    relation.forEach((end, j) => {
      if (typeof end !== 'string' || !end.includes(':')) return;
      const [app, endpoint] = end.split(':', 2);
      const charm = charms.get(app);
      if (!charm || charm.endpoints.includes(endpoint)) return;
      const pointer = `/relations/${i}/${j}`;
      const guess = closestMatch(endpoint, charm.endpoints);
      out.push({
        code: 'relation-unknown-endpoint', severity: 'error', pointer, ...locate(pointer),
        summary: `relation endpoint \`${end}\`: the local charm of \`${app}\` has no endpoint \`${endpoint}\``,
        hint: guess ? `did you mean \`${app}:${guess}\`?` : `its endpoints: ${charm.endpoints.join(', ') || '(none)'}`,
      });
    });
  });
  return out;
}
