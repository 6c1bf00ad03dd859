import type { RunRecord } from '../apply/runs.js';
import type { JournalEntry } from '../backends/backend.js';
import { maskedInLabel, maskOptionValues } from '../model/secrets.js';
import type { LiveApplication, LiveModel, LiveUnit, StatusValue } from '../model/live.js';
import type { OfferGraph } from '../offers/index.js';
import { applicationDrift, secretOptionNames, unitDriftLabel } from '../plan/index.js';
import { historyRow, type HistoryRow } from './status-history.js';
import { describeOffers, describeSaas, type OfferView, type SaasView } from './status-offers.js';
import { describePending, type PendingView } from './status-pending.js';
import { healthOf, lastAppliedOf, syncStateOf, type Health, type SyncState } from './status-sync.js';
import { emptyActivity, type ModelActivity, type WatchStateSnapshot } from './watch-state.js';

export type { HistoryEvent, HistoryRow } from './status-history.js';

export interface UnitView {
  name: string;
  leader: boolean;
  workload: StatusValue;
  agent: StatusValue;
  /** The generation the unit tracks, or null when it follows its application. */
  generation: string | null;
  /** Its application has staged changes in the open generation and the unit does not track it: `[old]`. */
  old: boolean;
  /** It runs another build than its application, or is in error: `[drift: …]` (secrets masked), else ''. */
  drift: string;
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

export type ModelState = 'deployed' | 'not-deployed' | 'unreachable';

export interface ModelView {
  name: string;
  state: ModelState;
  /** Why the live model could not be read, when `unreachable`. */
  error?: string;
  sync: SyncState;
  health: Health;
  /** The newest run that applied its whole plan, and the commit it applied. */
  lastApplied?: { commit?: string; at: string; runId: string };
  /** What the repository would still change, from the watch's last plan of the model. */
  pending?: PendingView;
  generation: GenerationView | null;
  applications: ApplicationView[];
  offers: OfferView[];
  saas: SaasView[];
  /** What the watch did to the model; its raw pending plan is left out (`pending` is its masked view). */
  activity: Omit<ModelActivity, 'pending'>;
  history: HistoryRow[];
}

export interface GenerationView {
  name: string;
  applications: string[];
  /** Per application with staged changes: the units tracking the generation and those behind it (`[old]`). */
  progress: { application: string; tracking: string[]; behind: string[] }[];
}

/** Everything the status page, `/api/status` and `/metrics` show, at one moment. */
export interface StatusSnapshot {
  generatedAt: string;
  watch: { startedAt: string; errors: number; lastError?: { at: string; message: string } };
  models: ModelView[];
  /** Offers and who consumes them, across the watched models. */
  offerGraph: OfferGraph;
}

export interface ModelViewInput {
  name: string;
  live?: LiveModel;
  state: ModelState;
  error?: string;
  runs: readonly RunRecord[];
  /** The journal entries behind `runs`, for each run's events. */
  journal?: readonly JournalEntry[];
  activity: ModelActivity;
  /** Option names the model declares secret (`secrets:` in juju-gitops.yaml). */
  secrets: readonly string[];
  historyLimit: number;
}

/** One model as the status views show it: pure, from the live model, its journal runs and the watch's activity. */
export function describeModel(input: ModelViewInput): ModelView {
  const live = input.live;
  const secrets = live ? [...input.secrets, ...secretOptionNames(live)] : input.secrets;
  const applications = live ? Object.values(live.applications).map((app) => describeApplication(live, app, secrets)) : [];
  const lastApplied = lastAppliedOf(input.runs);
  const { pending: planned, ...activity } = input.activity;
  const pending = describePending(planned, secrets);
  return {
    name: input.name,
    state: input.state,
    ...(input.error ? { error: input.error } : {}),
    sync: syncStateOf({ activity: input.activity, runs: input.runs, reachable: input.state !== 'unreachable', deployed: input.state === 'deployed' }),
    health: healthOf(applications.flatMap((a) => a.units.map((u) => u.workload.current))),
    ...(lastApplied ? { lastApplied } : {}),
    ...(pending ? { pending } : {}),
    generation: live ? describeGeneration(live) : null,
    applications,
    offers: describeOffers(live),
    saas: describeSaas(live),
    activity,
    history: input.runs.slice(-input.historyLimit).reverse().map((run) => historyRow(run, input.journal)),
  };
}

function describeGeneration(live: LiveModel): GenerationView | null {
  const generation = live.generation;
  if (!generation) return null;
  const staged = Object.entries(generation.applications).filter(([, changes]) => Object.keys(changes).length).map(([app]) => app).sort();
  return {
    name: generation.name,
    applications: Object.keys(generation.applications).sort(),
    progress: staged.map((application) => {
      const units = Object.values(live.applications[application]?.units ?? {});
      return {
        application,
        tracking: units.filter((u) => u.generation === generation.name).map((u) => u.name),
        behind: units.filter((u) => u.generation !== generation.name).map((u) => u.name),
      };
    }),
  };
}

/** The watch's activity for a model; all zero for one it has not touched yet. */
export function activityOf(state: WatchStateSnapshot, model: string): ModelActivity {
  return state.models[model] ?? emptyActivity();
}

function describeApplication(live: LiveModel, app: LiveApplication, secrets: readonly string[]): ApplicationView {
  const drift = applicationDrift(live, app);
  return {
    name: app.name,
    charm: app.charm,
    ...(app.channel ? { channel: app.channel } : {}),
    ...(app.revision !== undefined ? { revision: app.revision } : {}),
    status: app.status,
    units: Object.values(app.units).map((unit) => describeUnit(live, unit, secrets, unitDriftLabel(drift.find((d) => d.unit === unit.name), secrets))),
  };
}

function describeUnit(live: LiveModel, unit: LiveUnit, secrets: readonly string[], drift: string): UnitView {
  const staged = live.generation?.applications[unit.application];
  const { applied } = unit;
  return {
    name: unit.name,
    leader: unit.leader,
    workload: unit.workload,
    agent: unit.agent,
    generation: unit.generation,
    old: Boolean(staged && Object.keys(staged).length && unit.generation !== live.generation?.name),
    drift,
    applied: {
      charm: applied.charm,
      ...(applied.channel ? { channel: applied.channel } : {}),
      ...(applied.revision !== undefined ? { revision: applied.revision } : {}),
      options: maskOptionValues(applied.options, secrets, maskedInLabel),
    },
  };
}

