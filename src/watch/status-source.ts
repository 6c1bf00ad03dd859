import { readRecentJournal } from '../apply/read-journal.js';
import { summariseRuns } from '../apply/runs.js';
import { unitsOffBuild, withUnitsOffBuild } from '../apply/units-off-build.js';
import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { RepoConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { offerGraphFromLive } from '../offers/index.js';
import { loadRepoConfig, type Repo } from '../repo/index.js';
import { activityOf, describeModel, type ModelState, type StatusSnapshot } from './status-snapshot.js';
import type { WatchState } from './watch-state.js';

export interface StatusSourceOptions {
  backend: ModelBackend;
  runs: RunStore;
  models: readonly string[];
  state: WatchState;
  /** Option names each model declares secret; read per snapshot, so a newly declared one is masked at once. */
  secrets: () => Promise<Record<string, readonly string[]>>;
  /** Runs shown per model (newest first). */
  historyLimit?: number;
  now?: () => Date;
}

/** Journal entries read per model for history: the recent end is all the page shows. */
const journalWindow = 2000;

/** Reads every watched model and its journal now, and joins them with what the watch has seen. */
export async function collectStatus(opts: StatusSourceOptions): Promise<StatusSnapshot> {
  const now = opts.now ?? (() => new Date());
  const [state, secrets] = [opts.state.snapshot(), await opts.secrets()];
  const lives: LiveModel[] = [];
  const models = await Promise.all(
    opts.models.map(async (name) => {
      const [read, journal] = await Promise.all([readModel(opts.backend, name), readRecentJournal(opts.runs, name, journalWindow).catch(() => [])]);
      if (read.live) {
        // As `plan` does: units the journal knows still wait for their charm actions show as drift.
        read.live = withUnitsOffBuild(read.live, unitsOffBuild(journal));
        lives.push(read.live);
      }
      const runs = summariseRuns(journal);
      return describeModel({ name, ...read, runs, journal, activity: activityOf(state, name), secrets: secrets[name] ?? [], historyLimit: opts.historyLimit ?? 10 });
    }),
  );
  const watch = { startedAt: state.startedAt, errors: state.errors, ...(state.lastError ? { lastError: state.lastError } : {}) };
  return { generatedAt: now().toISOString(), watch, models, offerGraph: offerGraphFromLive(lives) };
}

async function readModel(backend: ModelBackend, model: string): Promise<{ live?: LiveModel; state: ModelState; error?: string }> {
  try {
    return { live: await backend.readModel(model), state: 'deployed' };
  } catch (error) {
    if (error instanceof GitopsError && error.code === 'model-not-found') return { state: 'not-deployed' };
    return { state: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The secrets each model declares, from the repository as it is now and as it was when the
 * watch started: a name stays masked even while a broken commit makes the config unreadable.
 */
export function declaredSecrets(repo: Repo, initial: RepoConfig): () => Promise<Record<string, readonly string[]>> {
  return async () => {
    const current = await loadRepoConfig(repo).catch(() => initial);
    const models = new Set([...Object.keys(initial.models), ...Object.keys(current.models)]);
    return Object.fromEntries(
      [...models].map((m) => [m, [...new Set([...(initial.models[m]?.secrets ?? []), ...(current.models[m]?.secrets ?? [])])]]),
    );
  };
}
