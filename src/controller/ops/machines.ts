import type { MachineSpec } from '../../model/bundle.js';
import { GitopsError } from '../../model/errors.js';
import type { ModelRow } from '../store/rows.js';
import { recordEvent, type OpsContext } from './context.js';

/** Adds a machine, with the given id when free (bundle ids map onto a fresh model unchanged). */
export function addMachine(ctx: OpsContext, model: ModelRow, spec: MachineSpec, id?: string): string {
  if (model.type === 'caas') {
    throw new GitopsError('machines-unsupported', `model ${model.name} is a kubernetes model and has no machines`);
  }
  if (id !== undefined) {
    if (!/^\d+(\/(lxd|kvm)\/\d+)*$/.test(id)) throw new GitopsError('machine-id-invalid', `${JSON.stringify(id)} is not a machine id`);
    if (ctx.store.get('SELECT 1 FROM machines WHERE model_id = ? AND id = ?', model.id, id)) {
      throw new GitopsError('machine-exists', `machine ${id} already exists in model ${model.name}`);
    }
  }
  const next = ctx.store.runGet<{ n: number }>(
    `UPDATE models SET next_machine = max(next_machine, ?) + 1 WHERE id = ? RETURNING next_machine - 1 AS n`,
    id !== undefined && /^\d+$/.test(id) ? Number(id) : 0,
    model.id,
  )!.n;
  const machine = id ?? String(next);
  ctx.store.run(
    'INSERT INTO machines (model_id, id, spec, status, since) VALUES (?, ?, ?, ?, ?)',
    model.id,
    machine,
    JSON.stringify(spec),
    'started',
    ctx.now().toISOString(),
  );
  recordEvent(ctx, model.name, 'add-machine', machine, spec);
  return machine;
}

export function removeMachine(ctx: OpsContext, model: ModelRow, id: string): void {
  if (!ctx.store.get('SELECT 1 FROM machines WHERE model_id = ? AND id = ?', model.id, id)) {
    throw new GitopsError('machine-not-found', `machine ${id} not found in model ${model.name}`);
  }
  const unit = ctx.store.get<{ application: string; number: number }>(
    `SELECT application, number FROM units WHERE model_id = ? AND (machine = ? OR machine LIKE ? || '/%') LIMIT 1`,
    model.id,
    id,
    id,
  );
  if (unit) {
    throw new GitopsError('machine-in-use', `machine ${id} hosts unit ${unit.application}/${unit.number}`, {
      hint: 'remove or move its units first',
    });
  }
  ctx.store.run(`DELETE FROM machines WHERE model_id = ? AND (id = ? OR id LIKE ? || '/%')`, model.id, id, id);
  recordEvent(ctx, model.name, 'remove-machine', id);
}

/**
 * Where a unit goes, from one bundle placement directive: `3`, `lxd:3`, `new`, `lxd:new`,
 * `app/0` (beside that unit), `lxd:app/0`, or `app` (beside the app's units, in turn).
 */
export function placeUnit(ctx: OpsContext, model: ModelRow, directive: string | undefined, index: number): string | null {
  if (model.type === 'caas') return null;
  const match = /^(?:(lxd|kvm):)?(.+)$/.exec((directive ?? 'new').trim())!;
  const container = match[1];
  const target = match[2];
  let host: string;
  if (target === 'new' || target === '') host = addMachine(ctx, model, {});
  else if (/^\d+$/.test(target)) {
    if (!ctx.store.get('SELECT 1 FROM machines WHERE model_id = ? AND id = ?', model.id, target)) {
      throw new GitopsError('placement-unknown-machine', `placement ${directive}: machine ${target} does not exist`);
    }
    host = target;
  } else {
    const [application, number] = target.split('/');
    const units = ctx.store.all<{ machine: string | null }>(
      number === undefined
        ? 'SELECT machine FROM units WHERE model_id = ? AND application = ? ORDER BY number'
        : 'SELECT machine FROM units WHERE model_id = ? AND application = ? AND number = ?',
      ...(number === undefined ? [model.id, application] : [model.id, application, Number(number)]),
    );
    const machine = units.length ? units[index % units.length].machine : null;
    if (!machine) throw new GitopsError('placement-unknown-unit', `placement ${directive}: no unit ${target} to place beside`);
    host = machine;
  }
  if (!container) return host;
  const taken = ctx.store.get<{ n: number }>(
    `SELECT count(*) AS n FROM machines WHERE model_id = ? AND id LIKE ? || '/' || ? || '/%'`,
    model.id,
    host,
    container,
  )!.n;
  return addMachine(ctx, model, {}, `${host}/${container}/${taken}`);
}
