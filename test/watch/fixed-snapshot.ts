import type { RolloutEvent } from '../../src/apply/events.js';
import type { RunRecord } from '../../src/apply/runs.js';
import type { JournalEntry } from '../../src/backends/backend.js';
import type { Change } from '../../src/model/change.js';
import type { LiveModel, LiveUnit } from '../../src/model/live.js';
import { offerGraphFromLive } from '../../src/offers/index.js';
import { describeModel, type StatusSnapshot } from '../../src/watch/status-snapshot.js';
import { WatchState } from '../../src/watch/watch-state.js';

export const secretValue = 's3cr3t-token-value';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s)).toISOString();

function unit(n: number, over: Partial<LiveUnit>): LiveUnit {
  return {
    name: `app/${n}`, application: 'app', machine: String(n), address: '127.0.0.1', ports: [], leader: n === 0,
    workload: { current: 'active' }, agent: { current: 'idle' }, generation: null,
    applied: { charm: 'local:sim', revision: 3, options: { label: 'v2', api_token: secretValue } },
    ...over,
  };
}

/** Model `web`: three units of `app`, one tracking generation `canary`, one behind it, one in error. */
export const webLive: LiveModel = {
  name: 'web', uuid: 'c0ffee00-0000-4000-8000-000000000001', type: 'iaas', controller: 'local',
  applications: {
    app: {
      name: 'app', charm: 'local:sim', revision: 3, subordinate: false, scale: 3, expose: false,
      options: { label: { value: 'v2', source: 'user' }, api_token: { value: secretValue, source: 'user' } },
      annotations: {}, storage: {}, devices: {}, bindings: {}, resources: {}, trust: false,
      status: { current: 'active' },
      units: {
        'app/0': unit(0, { generation: 'canary', applied: { charm: 'local:sim', revision: 3, options: { label: 'v3', api_token: secretValue } } }),
        'app/1': unit(1, { workload: { current: 'maintenance', message: 'restarting' }, agent: { current: 'executing' } }),
        'app/2': unit(2, { workload: { current: 'error', message: '<script>alert("x")</script> & more' } }),
      },
    },
  },
  machines: {}, relations: [],
  offers: {
    'app-http': {
      name: 'app-http', application: 'app', url: 'local:admin/web.app-http', endpoints: ['http'], acl: { admin: 'admin', 'everyone@external': 'read' },
      connections: [{ sourceModel: 'blog', relationId: 7, endpoint: 'http', username: 'admin', status: 'joined' }],
    },
  },
  saas: { db: { name: 'db', url: 'local:admin/db.mysql' } },
  generation: { name: 'canary', createdAt: at(0), applications: { app: { options: { label: 'v3' } } } },
};

const runs: RunRecord[] = [
  {
    runId: '20250101T120000Z-aaaaaa', startedAt: at(0), lastAt: at(9), endedAt: at(9),
    start: { purpose: 'watch', commit: '0123456789abcdef0123', host: 'h', pid: 1, summary: { inPlace: 0, restart: 1, destructive: 0, removals: 0 } },
    end: { outcome: 'failed', durationMs: 9000, unitsMoved: 1, failure: { unit: 'app/2', changeId: 'config-app', check: 'status', output: 'workload error\nmore', rolledBack: false } },
    inFlight: [], planned: [], unitsDone: ['app/0'], unitsFailed: ['app/2'], unitsChecked: [], changesDone: [],
  },
  {
    runId: '20250101T120020Z-bbbbbb', startedAt: at(20), lastAt: at(21),
    start: { purpose: 'watch', host: 'h', pid: 1 },
    inFlight: [{ changeId: 'config-app', unit: 'app/1' }], planned: [], unitsDone: [], unitsFailed: [], unitsChecked: [], changesDone: [],
  },
];

/** A failed rollout, then one in progress with app/1 settling. */
function rolloutEvents(): RolloutEvent[] {
  const first = '20250101T120000Z-aaaaaa';
  const second = '20250101T120020Z-bbbbbb';
  const move = { changeId: 'config-app', from: 'label=v1', to: 'label=v2 api_token=***' };
  return [
    { type: 'run-start', at: at(0), runId: first, model: 'web', commit: '0123456789abcdef0123', changes: 1 },
    { type: 'change-start', at: at(0), runId: first, changeId: 'config-app', description: 'set options of app', classification: 'restart', units: ['app/0', 'app/2'] },
    { type: 'unit', at: at(1), runId: first, ...move, unit: 'app/0', phase: 'done', elapsedMs: 1000 },
    { type: 'unit', at: at(2), runId: first, ...move, unit: 'app/2', phase: 'checking', elapsedMs: 1000 },
    { type: 'check', at: at(9), runId: first, unit: 'app/2', check: 'status', ok: false, output: 'workload error\nmore' },
    { type: 'unit', at: at(9), runId: first, ...move, unit: 'app/2', phase: 'failed', elapsedMs: 8000, detail: 'status: workload error' },
    { type: 'change-failed', at: at(9), runId: first, changeId: 'config-app', message: 'unit app/2 failed its status check' },
    {
      type: 'run-end', at: at(9), runId: first, model: 'web', outcome: 'failed', durationMs: 9000, unitsMoved: 1,
      failure: { unit: 'app/2', changeId: 'config-app', check: 'status', output: 'workload error\nmore', rolledBack: false },
    },
    { type: 'run-start', at: at(20), runId: second, model: 'web', changes: 1 },
    { type: 'change-start', at: at(20), runId: second, changeId: 'config-app', description: 'set options of app', classification: 'restart', units: ['app/0', 'app/1', 'app/2'] },
    { type: 'unit', at: at(20), runId: second, ...move, unit: 'app/0', phase: 'done', elapsedMs: 400 },
    { type: 'unit', at: at(21), runId: second, ...move, unit: 'app/1', phase: 'settling', elapsedMs: 500 },
    { type: 'unit', at: at(21), runId: second, ...move, unit: 'app/2', phase: 'queued', elapsedMs: 0 },
    { type: 'wait', at: at(21), runId: second, what: 'app/1 to settle (agent idle, workload active)', unit: 'app/1', timeoutMs: 120_000 },
  ];
}

/** What the repository would deploy into the empty model `db`; its password must be masked. */
const dbChanges: Change[] = [
  { kind: 'add-machine', id: 'add-machine-0', classification: 'in-place', description: 'add new machine 0', requires: [], machine: '0', spec: {} },
  {
    kind: 'deploy', id: 'deploy-db', classification: 'in-place', description: 'deploy application db', requires: ['add-machine-0'], application: 'db',
    spec: { charm: 'mysql', channel: '8.0/stable', num_units: 1, options: { 'root-password': secretValue, 'max-connections': 200 } },
  },
];

/** Journal entries of the two runs, as the executor writes them. */
const journal: JournalEntry[] = [
  { seq: 1, at: at(0), runId: runs[0].runId, kind: 'run-start', data: { purpose: 'watch', commit: '0123456789abcdef0123' } },
  { seq: 2, at: at(0), runId: runs[0].runId, kind: 'step-start', changeId: 'config-app', unit: 'app/0' },
  { seq: 3, at: at(1), runId: runs[0].runId, kind: 'step-start', changeId: 'config-app', unit: 'app/2', data: { completed: [{ changeId: 'config-app', unit: 'app/0' }] } },
  { seq: 4, at: at(9), runId: runs[0].runId, kind: 'step-failed', changeId: 'config-app', unit: 'app/2', data: { check: 'status', output: 'workload error\nmore', rolledBack: false } },
  { seq: 5, at: at(9), runId: runs[0].runId, kind: 'run-end', data: { outcome: 'failed' } },
  { seq: 6, at: at(20), runId: runs[1].runId, kind: 'run-start', data: { purpose: 'watch' } },
  { seq: 7, at: at(21), runId: runs[1].runId, kind: 'step-start', changeId: 'config-app', unit: 'app/1' },
];

/** The same state every time: for golden files of the views. */
export function fixedSnapshot(): StatusSnapshot {
  let clock = 30;
  const state = new WatchState(['web', 'db'], () => new Date(Date.UTC(2025, 0, 1, 12, 0, clock++)));
  for (const event of rolloutEvents()) state.event(event);
  state.result({ runId: runs[0].runId, model: 'web', outcome: 'failed', durationMs: 9000, unitsMoved: 1, changes: [], units: [], journalWrites: 3, journalClosed: true });
  state.result({ runId: 'unchanged-run', model: 'web', outcome: 'unchanged', durationMs: 5, unitsMoved: 0, changes: [], units: [], journalWrites: 0, journalClosed: true });
  state.drift('web', { changes: [], removals: [] });
  state.drift('db', { changes: dbChanges, removals: [] });
  state.error(new Error('bundles/db.yaml: applications.db: unknown field "chram"'), 'db');
  const watch = state.snapshot();
  return {
    generatedAt: at(59),
    watch: { startedAt: watch.startedAt, errors: watch.errors },
    offerGraph: offerGraphFromLive([webLive]),
    models: [
      describeModel({ name: 'web', live: webLive, state: 'deployed', runs, journal, activity: watch.models.web, secrets: [], historyLimit: 10 }),
      describeModel({ name: 'db', state: 'not-deployed', runs: [], activity: watch.models.db, secrets: [], historyLimit: 10 }),
    ],
  };
}
