import { parseDocuments } from '../bundle/parse.js';
import { checkSchema } from '../bundle/schema-check.js';
import type { RepoConfig } from '../model/config.js';
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import type { LiveModel } from '../model/live.js';
import { commitFiles, writeRepoFile, type Repo } from '../repo/index.js';
import { offersRecordOf, offersRecordPath, renderOffersRecord, type OffersRecord } from './record.js';

/**
 * The records of the repository's models, `offers/<model>.yaml` for each model of
 * juju-gitops.yaml, read from the working tree or a revision. A missing record is normal (the
 * model was never recorded); a broken one is reported, positioned, and left out.
 */
export async function readOfferRecords(repo: Repo, config: RepoConfig): Promise<{ records: OffersRecord[]; diagnostics: Diagnostic[] }> {
  const records: OffersRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const model of Object.keys(config.models)) {
    const file = offersRecordPath(model);
    if (!(await repo.exists(file))) continue;
    const parsed = parseDocuments(await repo.readFile(file), { file, absPath: `${repo.root}/${file}` });
    const found = [...parsed.diagnostics];
    const part = parsed.documents[0];
    if (!hasErrors(found) && part) found.push(...checkSchema(part, 'offers'));
    diagnostics.push(...found);
    if (!hasErrors(found) && part) records.push(part.value as OffersRecord);
  }
  return { records, diagnostics };
}

export interface RecordOutcome {
  path: string;
  /** False when the file already said exactly this. */
  changed: boolean;
  /** The commit made, with `commit`. */
  commit?: string;
}

/**
 * Writes `offers/<model>.yaml` from the live model; with `commit`, commits it alone with a
 * message saying what it records. An unchanged record is neither written nor committed.
 */
export async function recordOffers(repo: Repo, live: LiveModel, opts: { commit?: boolean } = {}): Promise<RecordOutcome> {
  const path = offersRecordPath(live.name);
  const record = offersRecordOf(live);
  const text = renderOffersRecord(record);
  const before = (await repo.exists(path)) ? await repo.readFile(path) : undefined;
  if (before === text) return { path, changed: false };
  await writeRepoFile(repo, path, text);
  if (!opts.commit) return { path, changed: true };
  const commit = await commitFiles(repo, [path], recordMessage(record));
  return { path, changed: true, commit };
}

function recordMessage(record: OffersRecord): string {
  const offers = Object.entries(record.offers);
  const connected = offers.reduce((n, [, o]) => n + o.consumers.length, 0);
  const subject = offers.length
    ? `Record offers of ${record.model}: ${offers.map(([name]) => name).join(', ')} (${connected} consumer relation${connected === 1 ? '' : 's'})`
    : `Record offers of ${record.model}: none`;
  const body = offers.map(([name, o]) => `- ${o.url}: ${Object.keys(o.endpoints).join(', ')}; consumers: ${o.consumers.map((c) => `${c.model}:${c.application ?? c.saas ?? '?'}`).join(', ') || 'none'}`);
  return body.length ? `${subject}\n\n${body.join('\n')}` : subject;
}
