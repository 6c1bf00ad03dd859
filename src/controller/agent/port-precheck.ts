import type { Change } from '../../model/change.js';
import { GitopsError } from '../../model/errors.js';
import { withDefaults } from '../../bundle/charm-options.js';
import type { LocalCharm } from '../charms/types.js';
import { charmOf } from '../ops/applications.js';
import type { OpsContext } from '../ops/context.js';
import type { ApplicationRow } from '../store/rows.js';
import { portIsFree } from './ports.js';

/**
 * Refuses a change that would have a workload listen on a fixed port that is taken, before
 * anything is written: the user gets a clear error and the model stays as it was.
 */
export async function checkPortsFree(ctx: OpsContext, modelName: string, change: Change): Promise<void> {
  let charm: LocalCharm | undefined;
  let options: Record<string, unknown> = {};
  let application: string;
  let units = 1;
  if (change.kind === 'deploy') {
    const ref = safeResolve(ctx, change.spec.charm);
    if (ref?.kind !== 'local') return;
    charm = ref.charm;
    options = change.spec.options ?? {};
    application = change.application;
    units = change.spec.num_units ?? 0;
  } else if (change.kind === 'config') {
    const app = ctx.store.get<ApplicationRow>(
      'SELECT a.* FROM applications a JOIN models m ON m.id = a.model_id WHERE m.name = ? AND a.name = ?',
      modelName,
      change.application,
    );
    if (!app) return;
    charm = charmOf(ctx, app);
    options = { ...(JSON.parse(app.options) as Record<string, unknown>), ...change.set };
    application = change.application;
    units = ctx.store.get<{ n: number }>('SELECT count(*) AS n FROM units WHERE model_id = ? AND application = ?', app.model_id, app.name)!.n;
  } else return;
  const option = charm?.workload?.command ? charm.workload.portOption : undefined;
  if (!option) return;
  const port = withDefaults(options, charm!.info.config)[option];
  if (typeof port !== 'number' || port <= 0 || units === 0) return;
  if (units > 1) {
    throw new GitopsError('port-conflict', `${units} units of ${application} cannot all listen on 127.0.0.1:${port}`, {
      hint: `set ${option} to 0 so each unit gets its own port`,
    });
  }
  const holder = ctx.store.get<{ application: string; number: number }>('SELECT application, number FROM units WHERE port = ?', port);
  if (holder && holder.application === application) return;
  if (holder || !(await portIsFree(port))) {
    throw new GitopsError('port-in-use', `port ${port} on 127.0.0.1 is already in use${holder ? ` by ${holder.application}/${holder.number}` : ''}`, {
      hint: `choose another ${option} for ${application}, or 0 for a free one`,
    });
  }
}

function safeResolve(ctx: OpsContext, charm: string) {
  try {
    return ctx.catalogue.resolve(charm);
  } catch {
    // The change itself reports a bad charm, with the model untouched.
    return undefined;
  }
}
