import { randomUUID } from 'node:crypto';
import type { ModelSummary } from '../../model/backend-data.js';
import { GitopsError } from '../../model/errors.js';
import { recordEvent, type OpsContext } from './context.js';

export function listModels(ctx: OpsContext): ModelSummary[] {
  return ctx.store
    .all<{ name: string; uuid: string; type: 'iaas' | 'caas'; applications: number; units: number }>(
      `SELECT m.name, m.uuid, m.type,
         (SELECT count(*) FROM applications a WHERE a.model_id = m.id) AS applications,
         (SELECT count(*) FROM units u WHERE u.model_id = m.id) AS units
       FROM models m ORDER BY m.name`,
    )
    .map((row) => ({ ...row }));
}

const modelName = /^[a-z0-9][a-z0-9-]*$/;

export function addModel(ctx: OpsContext, name: string, type: 'iaas' | 'caas' = 'iaas'): void {
  if (!modelName.test(name)) {
    throw new GitopsError('model-name-invalid', `${JSON.stringify(name)} is not a valid model name`, {
      hint: 'use lower-case letters, digits and hyphens, starting with a letter or digit',
    });
  }
  ctx.store.transaction(() => {
    if (ctx.store.get('SELECT 1 FROM models WHERE name = ?', name)) {
      throw new GitopsError('model-exists', `model ${name} already exists`);
    }
    ctx.store.run(
      'INSERT INTO models (name, uuid, type, created_at) VALUES (?, ?, ?, ?)',
      name,
      randomUUID(),
      type,
      ctx.now().toISOString(),
    );
    recordEvent(ctx, name, 'add-model', name, { type });
  });
}
