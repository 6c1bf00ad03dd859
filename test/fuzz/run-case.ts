/**
 * Runs one fuzz case as repository mode reads it (juju-gitops.yaml, the working tree, includes
 * and charms confined), then renders and plans what loaded cleanly, and says what went wrong:
 * an exception escaping (a bug, not a diagnostic), no answer in time, an error about a file
 * without a position, or the content of a file outside the repository reaching the bundle.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { renderBundle } from '../../src/bundle/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { hasErrors } from '../../src/model/diagnostic.js';
import { GitopsError } from '../../src/model/errors.js';
import { buildPlan, liveModelFromBundle } from '../../src/plan/index.js';
import { loadDesiredBundle, loadRepoConfig, openRepo } from '../../src/repo/index.js';
import type { FuzzCase } from './mutate.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';

export const sentinel = 'FUZZ-SENTINEL-OUTSIDE-THE-REPOSITORY';

/** Errors about a whole file, where no line of it is to blame. */
const wholeFileCodes = new Set(['file-too-large', 'file-not-found', 'file-is-directory', 'file-not-regular', 'file-unreadable', 'path-escapes-repo', 'file-not-utf8']);

export interface CaseOutcome {
  index: number;
  mutation: string;
  ms: number;
  /** Whether the bundle loaded without errors. */
  valid: boolean;
  problem?: 'crash' | 'hang' | 'no-position' | 'escape';
  detail?: string;
}

function layOut(c: FuzzCase, dir: string): void {
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(path.join(repo, 'bundles'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'sentinel'), sentinel);
  fs.writeFileSync(path.join(dir, 'outside', 'secret.txt'), sentinel);
  fs.writeFileSync(path.join(repo, 'juju-gitops.yaml'), 'models:\n  m:\n    bundle: bundles/m.yaml\n');
  const bundle = path.join(repo, 'bundles', 'm.yaml');
  if (c.extras.some((e) => e.kind === 'bundle-symlink')) {
    fs.writeFileSync(path.join(dir, 'outside', 'm.yaml'), c.bytes);
    fs.symlinkSync(path.join(dir, 'outside', 'm.yaml'), bundle);
  } else {
    fs.writeFileSync(bundle, c.bytes);
  }
  for (const extra of c.extras) {
    if (extra.kind === 'fifo') execFileSync('mkfifo', [path.join(repo, extra.path)]);
    if (extra.kind === 'symlink') {
      const target = extra.target === 'sentinel' ? path.join(dir, 'sentinel') : extra.target === 'outside-folder' ? path.join(dir, 'outside', 'secret.txt') : extra.target;
      fs.symlinkSync(target, path.join(repo, extra.path));
    }
  }
}

function unpositioned(diagnostics: Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error' && d.file !== undefined && (d.line === undefined || d.col === undefined) && !wholeFileCodes.has(d.code));
}

async function exercise(repoDir: string): Promise<Pick<CaseOutcome, 'valid' | 'problem' | 'detail'>> {
  const repo = await openRepo({ cwd: repoDir });
  const config = await loadRepoConfig(repo);
  const loaded = await loadDesiredBundle(repo, config, 'm');
  const missing = unpositioned(loaded.diagnostics);
  if (missing) return { valid: false, problem: 'no-position', detail: `${missing.code}: ${missing.summary}` };
  if (hasErrors(loaded.diagnostics)) return { valid: false };
  const rendered = renderBundle(loaded.bundle);
  const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired: loaded.bundle, live: liveModelFromBundle({ applications: {} }, { name: 'm', controller: 'local' }), model: 'm', controller: 'local', prune: true, now: new Date(0) });
  if (rendered.includes(sentinel) || JSON.stringify(plan).includes(sentinel)) return { valid: true, problem: 'escape', detail: 'a file outside the repository reached the bundle' };
  return { valid: true };
}

/** Runs case `c` in a fresh folder under `work`, removed afterwards. */
export async function runCase(c: FuzzCase, work: string, timeoutMs = 10_000): Promise<CaseOutcome> {
  const dir = fs.mkdtempSync(path.join(work, `case-${c.index}-`));
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    layOut(c, dir);
    const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs)));
    const result = await Promise.race([exercise(path.join(dir, 'repo')), timeout]);
    const ms = performance.now() - started;
    if (result === 'hang') return { index: c.index, mutation: c.mutation, ms, valid: false, problem: 'hang' };
    return { index: c.index, mutation: c.mutation, ms, ...result };
  } catch (error) {
    const ms = performance.now() - started;
    // A user's mistake may end a command as a GitopsError (with a code and hint); anything else is a bug.
    if (error instanceof GitopsError) return { index: c.index, mutation: c.mutation, ms, valid: false };
    return { index: c.index, mutation: c.mutation, ms, valid: false, problem: 'crash', detail: error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error) };
  } finally {
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
