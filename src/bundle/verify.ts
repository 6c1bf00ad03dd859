import type { Bundle } from '../model/bundle.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isRecord, type Raw } from './merge.js';
import { pathToPointer, type Path } from './positions.js';
import { closestMatch } from './suggest.js';
import {
  applicationName, basePattern, constraintsProblem, deviceName, deviceProblem, isCidr, machineId,
  offerUrlProblem, relationName, seriesVersion, storageName, storageProblem,
} from './syntax.js';
import type { Locator, Report } from './report.js';
import { verifyPlacements } from './verify-placement.js';
import { verifyRelations } from './verify-relations.js';
import { checkDialect, defaultDialect, validSeries, type JujuDialect } from './dialect.js';

export type { Finding, Locator, Report } from './report.js';

/**
 * Juju's bundle verifier (charm v12 `verifyBundle`, without charm metadata, as `juju deploy`
 * runs it) on a composed bundle. Pure: the caller supplies where pointers were written.
 */
export function validateBundle(bundle: Bundle | Raw, opts: { locate?: Locator; dialect?: JujuDialect } = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (path, finding, target = 'value') => {
    const pointer = pathToPointer(path);
    out.push({ severity: 'error', ...finding, pointer, ...(opts.locate?.(pointer, target) ?? {}) });
  };
  const b = bundle as Raw;
  const apps = isRecord(b.applications) ? b.applications : {};
  const machines = isRecord(b.machines) ? b.machines : {};
  const saas = isRecord(b.saas) ? b.saas : {};
  const kubernetes = b.bundle === 'kubernetes';
  // Juju 3.x dropped "bundle series not valid for Kubernetes bundles": k8s bundles may carry one.
  if (kubernetes && Object.keys(machines).length) report(['machines'], { code: 'kubernetes-machines', summary: 'bundle machines not valid for Kubernetes bundles', hint: 'remove `machines:` and any machine placement' }, 'key');
  if (typeof b.series === 'string' && b.series !== '' && !validSeries.test(b.series)) {
    report(['series'], { code: 'invalid-series', summary: `bundle declares an invalid series ${JSON.stringify(b.series)}`, hint: 'series are lower-case names such as jammy; prefer `default-base: ubuntu@22.04`' });
  }
  checkBaseAndSeries(b, [], report);
  // An absent `applications:` is the schema's finding; an empty one is Juju's.
  if (b.applications !== undefined && Object.keys(apps).length === 0) report(['applications'], { code: 'no-applications', summary: 'at least one application must be specified' }, 'key');
  checkDialect(b, opts.dialect ?? defaultDialect, report);

  for (const [name, spec] of Object.entries(saas)) {
    const path = ['saas', name];
    if (name in apps) report(path, { code: 'saas-name-clash', summary: `application \`${name}\` already exists with SAAS \`${name}\` name`, hint: 'rename one of them' }, 'key');
    if (!applicationName.test(name)) report(path, { code: 'saas-invalid-name', summary: `invalid SAAS name \`${name}\``, hint: 'use lower-case letters, digits and dashes, starting with a letter' }, 'key');
    const url = isRecord(spec) ? spec.url : undefined;
    const problem = typeof url === 'string' && url !== '' ? offerUrlProblem(url) : undefined;
    if (problem) report([...path, 'url'], { code: 'saas-invalid-url', summary: `invalid offer URL ${JSON.stringify(url)} for SAAS \`${name}\`: ${problem}`, hint: 'offer URLs look like [controller:][owner/]model.offer, e.g. admin/mysql.db' });
  }

  for (const [id, spec] of Object.entries(machines)) {
    const path = ['machines', id];
    if (!machineId.test(id)) report(path, { code: 'machine-invalid-id', summary: `invalid machine id \`${id}\``, hint: 'machine ids are non-negative integers: "0", "1", …' }, 'key');
    if (!isRecord(spec)) continue;
    checkConstraints(spec.constraints, [...path, 'constraints'], report);
    if (typeof spec.series === 'string' && spec.series !== '' && !validSeries.test(spec.series)) {
      report([...path, 'series'], { code: 'invalid-series', summary: `invalid series ${spec.series} for machine ${JSON.stringify(id)}`, hint: 'series are lower-case names such as jammy; prefer `base: ubuntu@22.04`' });
    }
    checkBaseAndSeries(spec, path, report);
  }

  for (const [name, spec] of Object.entries(apps)) {
    if (isRecord(spec)) checkApplication(name, spec, apps, report);
  }
  verifyPlacements(b, report);
  verifyRelations(b, report);
  return out;
}

function checkApplication(name: string, app: Raw, apps: Raw, report: Report): void {
  const path = ['applications', name];
  if (!applicationName.test(name)) report(path, { code: 'invalid-application-name', severity: 'warning', summary: `application name \`${name}\` is not valid in Juju, which will refuse to deploy it`, hint: 'use lower-case letters and digits; every dash-separated part needs a letter' }, 'key');
  const charm = typeof app.charm === 'string' ? app.charm : '';
  if (charm === '') {
    const guess = closestMatch(name, Object.keys(apps).filter((a) => a !== name));
    report(path, {
      code: 'application-missing-charm',
      summary: `application \`${name}\` has no charm`,
      hint: guess ? `did you mean \`${guess}\`? An overlay that names an application not in the bundle adds a new one` : 'set `charm:`, or check the name if this overlay meant to change an existing application',
    }, 'key');
  } else {
    checkCharm(name, app, charm, path, report);
  }
  if (typeof app.num_units === 'number' && app.num_units < 0) {
    report([...path, 'num_units'], { code: 'negative-units', summary: `negative number of units specified on application ${JSON.stringify(name)}`, hint: 'num_units is 0 or more' });
  }
  if (typeof app.series === 'string' && app.series !== '' && !validSeries.test(app.series)) {
    report([...path, 'series'], { code: 'invalid-series', summary: `application ${JSON.stringify(name)} declares an invalid series ${JSON.stringify(app.series)}`, hint: 'series are lower-case names such as jammy; prefer `base: ubuntu@22.04`' });
  }
  checkConstraints(app.constraints, [...path, 'constraints'], report);
  checkBaseAndSeries(app, path, report);
  for (const [storage, directive] of Object.entries(isRecord(app.storage) ? app.storage : {})) {
    if (!storageName.test(storage)) report([...path, 'storage', storage], { code: 'invalid-storage-name', summary: `invalid storage name \`${storage}\` in application \`${name}\`` }, 'key');
    const problem = typeof directive === 'string' && directive !== '' ? storageProblem(directive) : undefined;
    if (problem) report([...path, 'storage', storage], { code: 'invalid-storage', summary: `invalid storage directive ${JSON.stringify(directive)}: ${problem}`, hint: 'write pool,size,count in any order, e.g. ebs,100G,1' });
  }
  for (const [device, directive] of Object.entries(isRecord(app.devices) ? app.devices : {})) {
    if (!deviceName.test(device)) report([...path, 'devices', device], { code: 'invalid-device-name', summary: `invalid device name \`${device}\` in application \`${name}\`` }, 'key');
    const problem = typeof directive === 'string' ? deviceProblem(directive) : undefined;
    if (problem) report([...path, 'devices', device], { code: 'invalid-device', summary: `invalid device directive ${JSON.stringify(directive)}: ${problem}`, hint: 'write [count,]class[,key=value;…], e.g. 1,nvidia.com/gpu' });
  }
  for (const [offer, spec] of Object.entries(isRecord(app.offers) ? app.offers : {})) {
    if (!applicationName.test(offer)) report([...path, 'offers', offer], { code: 'offer-invalid-name', summary: `invalid offer name \`${offer}\` in application \`${name}\`` }, 'key');
    const endpoints = isRecord(spec) && Array.isArray(spec.endpoints) ? spec.endpoints : [];
    // Judged on the composed bundle: an overlay may give the endpoints, a later one the acl.
    if (isRecord(spec) && (spec.endpoints === undefined || spec.endpoints === null || (Array.isArray(spec.endpoints) && spec.endpoints.length === 0))) {
      report([...path, 'offers', offer], { code: 'offer-no-endpoints', summary: `offer \`${offer}\` of application \`${name}\` lists no endpoints`, hint: 'list the endpoints the offer publishes, e.g. `endpoints: [db]`; a later overlay\'s offer replaces an earlier one whole' }, 'key');
    }
    endpoints.forEach((ep, i) => {
      if (typeof ep !== 'string' || !relationName.test(ep)) report([...path, 'offers', offer, 'endpoints', i], { code: 'offer-invalid-endpoint', summary: `invalid endpoint name ${JSON.stringify(ep)} for offer \`${offer}\`` });
    });
  }
  for (const resource of Object.keys(isRecord(app.resources) ? app.resources : {})) {
    if (resource === '') report([...path, 'resources'], { code: 'resource-missing-name', summary: `missing resource name on application \`${name}\`` });
  }
  const exposed = isRecord(app['exposed-endpoints']) ? app['exposed-endpoints'] : {};
  if (Object.keys(exposed).length && app.expose === true) {
    report([...path, 'exposed-endpoints'], { code: 'expose-conflict', summary: `exposed-endpoints cannot be used together with \`expose: true\` in application \`${name}\``, hint: 'this would expose every endpoint to 0.0.0.0/0 on older controllers; drop `expose: true` and list the endpoints' }, 'key');
  } else {
    for (const [ep, spec] of Object.entries(exposed)) {
      const cidrs = isRecord(spec) && Array.isArray(spec['expose-to-cidrs']) ? spec['expose-to-cidrs'] : [];
      cidrs.forEach((cidr, i) => {
        if (typeof cidr !== 'string' || !isCidr(cidr)) report([...path, 'exposed-endpoints', ep, 'expose-to-cidrs', i], { code: 'invalid-cidr', summary: `invalid CIDR ${JSON.stringify(cidr)} for endpoint \`${ep}\` in application \`${name}\`` });
      });
    }
  }
}

function checkCharm(name: string, app: Raw, charm: string, path: Path, report: Report): void {
  if (charm.startsWith('.') || charm.startsWith('/')) return;
  const at = [...path, 'charm'];
  const schema = /^([a-z]+):/.exec(charm)?.[1];
  if (schema === 'cs') {
    // Juju 3+ parses charm URLs with only the ch: and local: schemas (charm v10+ dropped cs:).
    const bare = charm.replace(/^cs:(~[^/]+\/)?([a-z0-9-]+\/)?/, '').replace(/-\d+$/, '');
    report(at, {
      code: 'charm-store-url',
      summary: `invalid charm URL in application ${JSON.stringify(name)}: cannot parse URL ${JSON.stringify(charm)}: schema "cs" not valid`,
      hint: `the charm store is closed; write the Charmhub name with a channel, e.g. \`charm: ${bare}\` and \`channel: latest/stable\``,
    });
    return;
  }
  if (schema && !['ch', 'local'].includes(schema)) {
    report(at, { code: 'invalid-charm-url', summary: `invalid charm URL in application ${JSON.stringify(name)}: cannot parse URL ${JSON.stringify(charm)}: schema ${JSON.stringify(schema)} not valid`, hint: 'a Charmhub charm is a bare name such as `mysql`; a local charm a path starting with ./' });
    return;
  }
  if (schema === 'local') return;
  const bare = charm.replace(/^ch:/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(bare)) {
    report(at, { code: 'invalid-charm-url', summary: `invalid charm URL ${JSON.stringify(charm)} in application \`${name}\``, hint: 'a Charmhub charm is a bare name such as `mysql`' });
    return;
  }
  if (/-\d+$/.test(bare)) report(at, { code: 'charm-url-revision', summary: `cannot specify revision in ${JSON.stringify(charm)}, please use revision`, hint: `write \`charm: ${bare.replace(/-\d+$/, '')}\` and \`revision: ${/\d+$/.exec(bare)![0]}\` with a \`channel:\`` });
  if (app.revision !== undefined && app.revision !== null && (typeof app.channel !== 'string' || app.channel === '')) {
    report([...path, 'revision'], { code: 'revision-needs-channel', summary: `application \`${name}\` with a revision requires a channel for future upgrades`, hint: 'add `channel:`, e.g. `channel: latest/stable`' }, 'key');
  }
}

function checkConstraints(value: unknown, path: Path, report: Report): void {
  if (typeof value !== 'string' || value.trim() === '') return;
  const problem = constraintsProblem(value);
  if (problem) report(path, { code: 'invalid-constraints', summary: `invalid constraints ${JSON.stringify(value)}: ${problem}`, hint: 'constraints are space-separated key=value pairs, e.g. "cores=2 mem=4G"' });
}

function checkBaseAndSeries(spec: Raw, path: Path, report: Report): void {
  const baseKey = path.length ? 'base' : 'default-base';
  const base = spec[baseKey];
  if (typeof base === 'string' && base !== '' && !basePattern.test(base)) {
    report([...path, baseKey], { code: 'invalid-base', summary: `invalid base ${JSON.stringify(base)}`, hint: 'bases look like ubuntu@22.04' });
    return;
  }
  const series = spec.series;
  if (typeof base !== 'string' || typeof series !== 'string' || !base || !series) return;
  const version = seriesVersion(series);
  const baseVersion = /@([0-9.]+)/.exec(base)?.[1];
  if (version && baseVersion && version !== baseVersion) {
    report([...path, 'series'], { code: 'base-series-mismatch', summary: `series ${JSON.stringify(series)} does not match base ${JSON.stringify(base)}`, hint: 'give only `base`; `series` is deprecated' });
  }
}
