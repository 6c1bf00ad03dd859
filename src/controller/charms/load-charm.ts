import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { readRegularFileSync } from '../../bundle/read-regular.js';
import { GitopsError } from '../../model/errors.js';
import type { CharmEndpoint, CharmInfo, CharmOption, CharmOptionType } from '../../model/live.js';
import { parseWorkloadSpec } from './workload-spec.js';
import type { LocalCharm } from './types.js';

const optionTypes: readonly CharmOptionType[] = ['string', 'int', 'float', 'boolean', 'secret'];
const roles = { provides: 'provider', requires: 'requirer', peers: 'peer' } as const;

/**
 * Reads a charm folder as Juju does: `metadata.yaml` (name, subordinate, provides/requires/peers)
 * and `config.yaml` (typed options with defaults), plus juju-gitops' own `workload.yaml`.
 * Every problem is collected and reported together, with the file it is in.
 */
export function loadCharm(dir: string): LocalCharm {
  const diagnostics: Diagnostic[] = [];
  const metadataFile = path.join(dir, 'metadata.yaml');
  if (!fs.existsSync(metadataFile)) {
    throw new GitopsError('charm-not-found', `${dir} is not a charm folder: it has no metadata.yaml`, {
      hint: 'a local charm is a folder with metadata.yaml and config.yaml',
    });
  }
  const report = (file: string, code: string, summary: string, hint?: string) =>
    diagnostics.push({ code, severity: 'error', summary, hint, file });
  const metadata = readYaml(metadataFile, report);
  const config = readYaml(path.join(dir, 'config.yaml'), report, true);

  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!/^[a-z][a-z0-9-]*$/.test(name)) report(metadataFile, 'charm-name-invalid', `charm name ${JSON.stringify(metadata.name)} is not valid`);
  const endpoints: Record<string, CharmEndpoint> = {};
  for (const [section, role] of Object.entries(roles)) {
    const declared = metadata[section] ?? {};
    if (typeof declared !== 'object') { report(metadataFile, 'charm-endpoints-invalid', `${section} must be a map of endpoints`); continue; }
    for (const [endpoint, value] of Object.entries(declared as Record<string, unknown>)) {
      const spec = typeof value === 'string' ? { interface: value } : (value as Record<string, unknown> | null);
      if (!spec || typeof spec.interface !== 'string') {
        report(metadataFile, 'charm-endpoints-invalid', `endpoint ${section}.${endpoint} has no interface`);
        continue;
      }
      endpoints[endpoint] = { interface: spec.interface, role, ...(spec.scope === 'container' ? { scope: 'container' as const } : {}) };
    }
  }
  const options: Record<string, CharmOption> = {};
  const declaredOptions = (config.options ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [option, spec] of Object.entries(declaredOptions)) {
    const type = spec?.type as CharmOptionType;
    if (!optionTypes.includes(type)) {
      report(path.join(dir, 'config.yaml'), 'charm-option-type', `option ${option} has type ${JSON.stringify(spec?.type)}`, `use one of ${optionTypes.join(', ')}`);
      continue;
    }
    options[option] = {
      type,
      ...(spec?.default !== undefined && spec.default !== null ? { default: spec.default } : {}),
      ...(typeof spec?.description === 'string' ? { description: spec.description } : {}),
    };
  }
  const workloadFile = path.join(dir, 'workload.yaml');
  const workload = fs.existsSync(workloadFile)
    ? parseWorkloadSpec(readYaml(workloadFile, report), { file: workloadFile, dir, options: new Set(Object.keys(options)), report })
    : undefined;
  if (diagnostics.length) {
    throw new GitopsError('charm-invalid', `the charm in ${dir} is not valid`, { diagnostics });
  }
  const info: CharmInfo = { name, subordinate: metadata.subordinate === true, endpoints, config: options, hasWorkload: Boolean(workload?.command) };
  const revisionFile = path.join(dir, 'revision');
  const revision = fs.existsSync(revisionFile) ? Number.parseInt(readRegularFileSync(revisionFile).toString('utf8'), 10) : undefined;
  return { dir, info, workload, ...(Number.isInteger(revision) ? { revision } : {}) };
}

type Report = (file: string, code: string, summary: string, hint?: string) => void;

function readYaml(file: string, report: Report, optional = false): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    if (!optional) report(file, 'charm-file-missing', `${path.basename(file)} is missing`);
    return {};
  }
  try {
    const value = parse(readRegularFileSync(file).toString('utf8')) as unknown;
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      report(file, 'charm-file-invalid', `${path.basename(file)} must hold a map`);
      return {};
    }
    return value as Record<string, unknown>;
  } catch (error) {
    report(file, 'charm-yaml-invalid', `${path.basename(file)} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return {};
  }
}
