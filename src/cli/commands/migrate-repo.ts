import { isScalar, parseAllDocuments, parseDocument } from 'yaml';
import type { LiveModel } from '../../model/live.js';
import type { RepoConfig } from '../../model/config.js';
import type { MovedSaas } from '../../migrate/offer-consumers.js';
import { recordOffers } from '../../offers/records-io.js';
import { commitFiles, configFileName, writeRepoFile, type Repo } from '../../repo/index.js';

/**
 * What a migration changes in the repository, once the target has taken over: the model's
 * `controller:`, the saas URLs of consuming models that now name the target, and the offers
 * record of the model (its URLs name the target). Comments and layout are kept; with `commit`
 * it is one commit.
 */
export async function pointRepoAtTarget(opts: {
  repo: Repo;
  config: RepoConfig;
  model: string;
  to: string;
  moved: readonly MovedSaas[];
  /** The model as the target runs it, for its offers record; absent when it offers nothing. */
  live?: LiveModel;
  commit: boolean;
}): Promise<string> {
  const { repo, model, to } = opts;
  const files = [configFileName];
  const config = await repo.readFile(configFileName);
  const edited = replaceScalars(config, ['models', model, 'controller'], to);
  if (edited !== undefined) await writeRepoFile(repo, configFileName, edited);
  else {
    const doc = parseDocument(config);
    doc.setIn(['models', model, 'controller'], to);
    await writeRepoFile(repo, configFileName, doc.toString());
  }
  for (const m of opts.moved) {
    const consumer = opts.config.models[m.model];
    if (!consumer || consumer.controller !== m.controller) continue;
    for (const file of [consumer.bundle, ...consumer.overlays]) {
      if (await setSaasUrl(repo, file, m.saas, m.url)) files.push(file);
    }
  }
  if (opts.live && (Object.keys(opts.live.offers).length || (await repo.exists(`offers/${model}.yaml`)))) {
    const record = await recordOffers(repo, opts.live);
    if (record.changed) files.push(record.path);
  }
  const unique = [...new Set(files)];
  const what = `model ${model} now names controller ${to}${unique.length > 1 ? ` (also ${unique.slice(1).join(', ')})` : ''}`;
  if (!opts.commit) return `${unique.join(', ')}: ${what} (not committed)`;
  const sha = await commitFiles(repo, unique, `Migrate model ${model} to controller ${to}`);
  return `${configFileName} committed as ${sha.slice(0, 12)}: ${what}`;
}

/** Sets `saas.<name>.url` wherever a document of the file sets it; says whether it changed the file. */
async function setSaasUrl(repo: Repo, file: string, saas: string, url: string): Promise<boolean> {
  if (!(await repo.exists(file))) return false;
  const text = await repo.readFile(file);
  const edited = replaceScalars(text, ['saas', saas, 'url'], url);
  if (edited === undefined || edited === text) return false;
  await writeRepoFile(repo, file, edited);
  return true;
}

/**
 * The text with the scalar at `path` set to `value` in every document that has one, by
 * replacing the value's own characters (keeping its quotes), so every other byte — comments,
 * flow or block style, document markers — stays. Undefined when no document has it.
 */
function replaceScalars(text: string, path: string[], value: string): string | undefined {
  const ranges: [number, number, string][] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('getIn' in doc)) continue;
    const node = doc.getIn(path, true);
    if (!isScalar(node) || !node.range) continue;
    const quote = text[node.range[0]];
    ranges.push([node.range[0], node.range[1], quote === '"' || quote === "'" ? `${quote}${value}${quote}` : value]);
  }
  if (!ranges.length) return undefined;
  let out = text;
  for (const [start, end, replacement] of ranges.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}${replacement}${out.slice(end)}`;
  return out;
}
