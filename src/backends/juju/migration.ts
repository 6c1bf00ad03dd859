import { GitopsError } from '../../model/errors.js';
import type { MigrationProgress } from '../transfer.js';
import type { JujuRunner } from './run-juju.js';

/**
 * `juju migrate <model> <target-controller>` only starts the migration: Juju prints
 * `Migration started with ID "<uuid>:<n>"` on stderr and the controller's migration master
 * does the rest, reporting in `show-model` (`status.migration`, `migration-start`,
 * `migration-end`; `cmd/juju/common/model.go`).
 */
export async function startJujuMigration(juju: JujuRunner, model: string, target: string): Promise<string> {
  const { stdout, stderr } = await juju.run(['migrate', model, target]);
  const id = /Migration started with ID "([^"]+)"/.exec(`${stderr}\n${stdout}`)?.[1];
  if (!id) throw new GitopsError('juju-failed', `juju migrate did not say it started a migration: ${(stderr || stdout).trim() || '(no output)'}`);
  return id;
}

/** The model's migration as `show-model` reports it; a model the controller no longer has is `present: false`. */
export async function jujuMigrationProgress(juju: JujuRunner, model: string): Promise<MigrationProgress> {
  let raw: Record<string, { status?: Record<string, unknown> }>;
  try {
    raw = await juju.json(['show-model', model, '--format', 'json']);
  } catch (error) {
    // After a migration the source no longer knows the model (3.x says it moved, with a redirect).
    if (error instanceof GitopsError && (error.code === 'model-not-found' || /migrated/i.test(error.message))) return { present: false };
    throw error;
  }
  const status = Object.values(raw)[0]?.status ?? {};
  const text = (key: string) => (typeof status[key] === 'string' && status[key] ? { [key === 'current' ? 'status' : camel(key)]: status[key] as string } : {});
  return { present: true, ...text('current'), ...text('migration'), ...text('migration-start'), ...text('migration-end') };
}

function camel(key: string): string {
  return key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
