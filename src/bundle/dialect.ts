import type { JujuDialect } from '../model/bundle.js';
import { isRecord, type Raw } from './merge.js';
import { seriesVersion } from './syntax.js';
import type { Report } from './report.js';

export type { JujuDialect };

/** Juju 3.6 LTS is what most controllers run; a controller states 4.0 to get its rules. */
export const defaultDialect: JujuDialect = '3.6';
export const dialects: readonly JujuDialect[] = ['3.6', '4.0'];

/** charm v12 `IsValidSeries`: `^[a-z]+([a-z0-9]+)?$`. */
export const validSeries = /^[a-z]+(?:[a-z0-9]+)?$/;

/**
 * The rules a dialect adds to the verifier. Juju 4's BundleData has no `series` field (the
 * client warns "unsupported key 'series' detected without a base … Ignoring"), so a series
 * would silently fall back to the default base: refused here, with the base to write instead.
 * A Juju 4 model consumes an offer through one saas entry only.
 */
export function checkDialect(bundle: Raw, dialect: JujuDialect, report: Report): void {
  if (dialect !== '4.0') return;
  const series = (spec: unknown, path: (string | number)[], key: 'default-base' | 'base') => {
    if (!isRecord(spec) || typeof spec.series !== 'string' || spec.series === '') return;
    const version = seriesVersion(spec.series);
    report([...path, 'series'], {
      code: 'series-unsupported',
      summary: `Juju 4 bundles carry bases only; \`series: ${spec.series}\` would be ignored`,
      hint: version ? `write \`${key}: ubuntu@${version}\` instead` : `write \`${key}:\` (e.g. ubuntu@24.04) instead`,
    }, 'key');
  };
  series(bundle, [], 'default-base');
  for (const [name, app] of Object.entries(isRecord(bundle.applications) ? bundle.applications : {})) series(app, ['applications', name], 'base');
  for (const [id, machine] of Object.entries(isRecord(bundle.machines) ? bundle.machines : {})) series(machine, ['machines', id], 'base');

  const consumers = new Map<string, string>();
  for (const [name, spec] of Object.entries(isRecord(bundle.saas) ? bundle.saas : {})) {
    const url = isRecord(spec) && typeof spec.url === 'string' ? spec.url.replace(/^[^:/]+:/, '') : '';
    if (url === '') continue;
    const first = consumers.get(url);
    if (first === undefined) consumers.set(url, name);
    else report(['saas', name, 'url'], { code: 'saas-duplicate-offer', summary: `saas \`${name}\` consumes offer ${url} again (already consumed as \`${first}\`)`, hint: 'Juju 4 consumes an offer once per model: relate both applications to one saas entry' });
  }
}
