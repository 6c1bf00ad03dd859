import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplicationSpec } from '../../src/model/bundle.js';
import type { Change } from '../../src/model/change.js';
import type { LiveApplication, LiveModel } from '../../src/model/live.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The charms the suite deploys, by the `local:NAME` reference a controller's catalogue resolves.
 * `conformance-db` and `conformance-app` (test/conformance/charms) run no process; `appserver`
 * (examples/charms) runs a real HTTP server per unit, so settling is really waited for.
 */
export const charmDirs = [path.join(here, 'charms'), path.resolve(here, '../../examples/charms')];
export const charms = { db: 'local:conformance-db', app: 'local:conformance-app', server: 'local:appserver' } as const;

/** The application of `conformance-app`, whose `restart` action moves one unit where unit staging is `action`. */
export const staged = { application: 'app', action: 'restart' } as const;

/**
 * Every model the suite may create, named up front, so a backend that binds models in its
 * configuration (a Juju controller's unit strategies in juju-gitops.yaml) can bind them all.
 */
export const suiteModels = Array.from({ length: 48 }, (_, i) => `conformance-${i + 1}`);

/** Long enough for a loaded CI machine; a backend that settles sooner returns sooner. */
export const settleTimeoutMs = 60_000;

const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };
type Body<K extends Change['kind']> = Omit<Extract<Change, { kind: K }>, 'id' | 'kind' | 'classification' | 'description' | 'requires'>;

/** A planned change as the executor hands it over: `change('scale', {application, units, from})`. */
export function change<K extends Change['kind']>(kind: K, body: Body<K>): Change {
  return { ...base, id: `${kind}-${Object.values(body).filter((v) => typeof v === 'string').join('-')}`, kind, ...body } as unknown as Change;
}
export const deploy = (application: string, spec: ApplicationSpec) => change('deploy', { application, spec });
export const relate = (a: string, b: string) => change('relate', { endpoints: [a, b] });

/** Unit names in Juju's order (by number), whatever order the backend lists them in. */
export function unitNames(app: LiveApplication): string[] {
  return Object.keys(app.units).sort((a, b) => Number(a.split('/')[1]) - Number(b.split('/')[1]));
}

/** A charm's bare name: controllers print a local charm with or without its `local:` prefix. */
export const bareCharm = (charm: string) => charm.replace(/^local:/, '');

export const leaders = (app: LiveApplication) => Object.values(app.units).filter((u) => u.leader).map((u) => u.name);

/** Relations as sorted `app:endpoint` pairs, sorted: compared as a set, in no backend's order. */
export function relationPairs(live: LiveModel): string[][] {
  return live.relations.map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`).sort()).sort((a, b) => a.join().localeCompare(b.join()));
}

/** Options as the user set them, without charm defaults. */
export function userOptions(app: LiveApplication): Record<string, unknown> {
  return Object.fromEntries(Object.entries(app.options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
}
