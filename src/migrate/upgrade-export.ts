import { GitopsError } from '../model/errors.js';
import { exportFormatVersion } from '../model/export.js';

/**
 * Brings an export of an older `formatVersion` up to the current one, one step at a time.
 * Version 1 is the first; each later version adds its step here, so every file ever written
 * by `export` can still be imported.
 */
const steps: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export function upgradeExport(doc: Record<string, unknown>, file: string): Record<string, unknown> {
  let version = doc.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new GitopsError('export-version-invalid', `${file}: formatVersion ${JSON.stringify(version)} is not a version of the export format`, {
      hint: 'write the file again with `juju-gitops export`',
    });
  }
  if (version > exportFormatVersion) {
    throw new GitopsError('export-too-new', `${file} has formatVersion ${version}; this juju-gitops reads up to ${exportFormatVersion}`, {
      hint: 'upgrade juju-gitops to import it',
    });
  }
  let out = doc;
  while (version < exportFormatVersion) {
    out = steps[version](out);
    version += 1;
  }
  return out;
}
