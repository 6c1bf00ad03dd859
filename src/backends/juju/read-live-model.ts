import type { CharmOption, LiveModel } from '../../model/live.js';
import type { ModelInfo } from './dialect.js';
import { parseConfig, type RawConfig } from './parse-config.js';
import { parseOffers, type RawOffer } from './parse-offers.js';
import { parseShowApplication, type RawShowApplication } from './parse-show-application.js';
import { parseStatus } from './parse-status.js';
import { parseJujuJson, type JujuRunner } from './run-juju.js';
import type { RawStatus } from './status-types.js';

/** How many `juju config` calls run at once while reading a model. */
const configParallelism = 8;

export interface ReadResult {
  live: LiveModel;
  /** Each application's charm config schema, for checking options before a write. */
  schemas: Record<string, Record<string, CharmOption>>;
}

/**
 * A model in 3 + one call per application: `status` first, then at once `show-application` for
 * every application (the only source of their constraints), `show-model` (once per backend: it
 * does not change) and `config APP` for each application, a few at a time. `juju offers` is
 * read too when status lists offers, for their access lists, which status does not show.
 * Status has no config or constraints, `juju config` no status: none can be skipped.
 */
export async function readLiveModel(juju: JujuRunner, target: string, info: () => Promise<ModelInfo>): Promise<ReadResult> {
  const status = await juju.json<RawStatus>(['status', '-m', target, '--format', 'json']);
  const snapshot = parseStatus(status);
  const names = Object.keys(snapshot.applications);
  const schemas: ReadResult['schemas'] = {};
  const [constraints, offers, model] = await Promise.all([
    names.length ? juju.json<Record<string, RawShowApplication> | null>(['show-application', '-m', target, ...names, '--format', 'json']).then(parseShowApplication) : ({} as Record<string, string | undefined>),
    // With no offers, Juju may print nothing at all rather than `{}`.
    Object.keys(status.offers ?? {}).length
      ? juju.run(['offers', '-m', target, '--format', 'json']).then((r) => (r.stdout.trim() ? parseJujuJson<Record<string, RawOffer> | null>(['offers'], r.stdout) : null))
      : null,
    info(),
    eachLimited(Object.values(snapshot.applications), configParallelism, async (app) => {
      const config = parseConfig(await juju.json<RawConfig>(['config', '-m', target, app.name, '--format', 'json']));
      app.options = config.options;
      app.trust = config.trust;
      schemas[app.name] = config.schema;
      const userOptions = Object.fromEntries(Object.entries(config.options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
      for (const unit of Object.values(app.units)) unit.applied.options = userOptions;
    }),
  ]);
  for (const [name, value] of Object.entries(constraints)) {
    const app = snapshot.applications[name];
    if (app && value) app.constraints = value;
  }
  return {
    live: {
      name: model.name || snapshot.name,
      uuid: model.uuid,
      type: model.type,
      controller: model.controllerName ?? snapshot.controller,
      applications: snapshot.applications,
      machines: snapshot.machines,
      relations: snapshot.relations,
      offers: parseOffers(offers),
      saas: snapshot.saas,
      generation: null,
    },
    schemas,
  };
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
