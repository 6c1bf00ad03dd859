import type { RunRecord } from '../apply/runs.js';
import { maskedInLabel, maskOptionValues } from '../bundle/secrets.js';
import type { LiveApplication, LiveModel, LiveUnit, StatusValue } from '../model/live.js';
import { secretOptionNames } from '../plan/index.js';
import { emptyActivity, type ModelActivity, type WatchStateSnapshot } from './watch-state.js';

export interface UnitView {
  name: string;
  leader: boolean;
  workload: StatusValue;
  agent: StatusValue;
  /** The generation the unit tracks, or null when it follows its application. */
  generation: string | null;
  /** Its application has staged changes in the open generation and the unit does not track it: `[old]`. */
  old: boolean;
  /** What the unit runs, secret options masked. */
  applied: { charm: string; channel?: string; revision?: number; options: Record<string, unknown> };
}

export interface ApplicationView {
  name: string;
  charm: string;
  channel?: string;
  revision?: number;
  status: StatusValue;
  units: UnitView[];
}

export interface HistoryRow {
  runId: string;
  startedAt: string;
  purpose: string;
  commit?: string;
  outcome: string;
  durationMs?: number;
  unitsMoved: number;
  failure?: string;
}

export type ModelState = 'deployed' | 'not-deployed' | 'unreachable';

export interface ModelView {
  name: string;
  state: ModelState;
  /** Why the live model could not be read, when `unreachable`. */
  error?: string;
  generation: { name: string; applications: string[] } | null;
  applications: ApplicationView[];
  activity: ModelActivity;
  history: HistoryRow[];
}

/** Everything the status page, `/api/status` and `/metrics` show, at one moment. */
export interface StatusSnapshot {
  generatedAt: string;
  watch: { startedAt: string; errors: number; lastError?: { at: string; message: string } };
  models: ModelView[];
}

export interface ModelViewInput {
  name: string;
  live?: LiveModel;
  state: ModelState;
  error?: string;
  runs: readonly RunRecord[];
  activity: ModelActivity;
  /** Option names the model declares secret (`secrets:` in juju-gitops.yaml). */
  secrets: readonly string[];
  historyLimit: number;
}

/** One model as the status views show it: pure, from the live model, its journal runs and the watch's activity. */
export function describeModel(input: ModelViewInput): ModelView {
  const live = input.live;
  const secrets = live ? [...input.secrets, ...secretOptionNames(live)] : input.secrets;
  const generation = live?.generation ?? null;
  return {
    name: input.name,
    state: input.state,
    ...(input.error ? { error: input.error } : {}),
    generation: generation ? { name: generation.name, applications: Object.keys(generation.applications).sort() } : null,
    applications: live ? Object.values(live.applications).map((app) => describeApplication(live, app, secrets)) : [],
    activity: input.activity,
    history: input.runs.slice(-input.historyLimit).reverse().map(historyRow),
  };
}

/** The watch's activity for a model; all zero for one it has not touched yet. */
export function activityOf(state: WatchStateSnapshot, model: string): ModelActivity {
  return state.models[model] ?? emptyActivity();
}

function describeApplication(live: LiveModel, app: LiveApplication, secrets: readonly string[]): ApplicationView {
  return {
    name: app.name,
    charm: app.charm,
    ...(app.channel ? { channel: app.channel } : {}),
    ...(app.revision !== undefined ? { revision: app.revision } : {}),
    status: app.status,
    units: Object.values(app.units).map((unit) => describeUnit(live, unit, secrets)),
  };
}

function describeUnit(live: LiveModel, unit: LiveUnit, secrets: readonly string[]): UnitView {
  const staged = live.generation?.applications[unit.application];
  const { applied } = unit;
  return {
    name: unit.name,
    leader: unit.leader,
    workload: unit.workload,
    agent: unit.agent,
    generation: unit.generation,
    old: Boolean(staged && Object.keys(staged).length && unit.generation !== live.generation?.name),
    applied: {
      charm: applied.charm,
      ...(applied.channel ? { channel: applied.channel } : {}),
      ...(applied.revision !== undefined ? { revision: applied.revision } : {}),
      options: maskOptionValues(applied.options, secrets, maskedInLabel),
    },
  };
}

function historyRow(run: RunRecord): HistoryRow {
  const failure = run.end?.failure;
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    purpose: run.start.purpose,
    ...(run.start.commit ? { commit: run.start.commit } : {}),
    outcome: !run.end ? 'running or killed' : run.end.outcome === 'canary' ? 'waiting for promotion' : run.end.outcome,
    ...(run.end ? { durationMs: run.end.durationMs } : {}),
    unitsMoved: run.end?.unitsMoved ?? run.unitsDone.length,
    ...(failure ? { failure: `${failure.unit}: ${failure.check}: ${failure.output.split('\n')[0].slice(0, 80)}${failure.rolledBack ? ' (rolled back)' : ''}` } : {}),
  };
}
