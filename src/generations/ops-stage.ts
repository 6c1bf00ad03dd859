import { dirname, join, relative } from 'node:path';
import { existsSync } from 'node:fs';
import { maskedInLabel } from '../model/secrets.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { applyBaseEdits, type BaseEdit } from './base-edit.js';
import { newGenerationText } from './file.js';
import { applicationOf, inventoryFromBundle, inventoryFromLive, type UnitInventory } from './progress.js';
import { schemaPath } from '../bundle/schemas.js';
import { isSecretSetting } from './settings.js';
import { addTargets, checkStagedApplication, stageChanges, type StagedEdit } from './stage.js';
import { refuseUnstageable, stagedKinds } from './staging-check.js';
import { loadDesired, readGeneration, readLive, readModelFiles, requireGeneration, saveEdits, type GenerationContext, type Workspace } from './workspace.js';

/**
 * The commands that write: each reads what it needs, computes every edit, then writes them
 * together (and commits them with `commit`). Each returns the line to tell the user.
 */
export interface WriteOptions {
  /** Commit the edited files with a message saying what changed. */
  commit?: boolean;
  /** Do not consult the live model (units then come from the bundle's num_units). */
  offline?: boolean;
}

export interface WriteResult {
  message: string;
  files: string[];
  commit?: string;
}

/**
 * The modeline points at a schema inside the repository (`init` copies them to
 * .juju-gitops/schemas), so it works on every clone; the installed copy is the last resort.
 */
function schemaRef(ws: Workspace, file: string): string | undefined {
  const inRepo = [join(ws.repo.root, '.juju-gitops', 'schemas', 'generation.schema.json'), join(ws.repo.root, 'schemas', 'generation.schema.json')];
  const schema = inRepo.find((p) => existsSync(p)) ?? schemaPath('generation');
  return relative(dirname(join(ws.repo.root, file)), schema).split('\\').join('/');
}

export async function addGeneration(ws: Workspace, opts: WriteOptions & { name?: string; now?: Date }): Promise<WriteResult> {
  const open = await readGeneration(ws);
  if (open) {
    throw new GitopsError('generation-already-open', `model ${ws.model} already has an open generation, ${open.generation.name}`, {
      hint: 'one generation per model: finish it with `juju-gitops generation commit` or drop it with `generation cancel`',
    });
  }
  const now = opts.now ?? new Date();
  const name = opts.name ?? `gen-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-')}`;
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(name) || ['current', 'next', 'master'].includes(name)) {
    throw new GitopsError('generation-bad-name', `invalid generation name ${JSON.stringify(name)}`, {
      hint: 'use lowercase letters, digits, `.`, `_` and `-` (current, next and master are reserved)',
    });
  }
  const text = newGenerationText({ name, created: now, model: ws.model, schemaRef: schemaRef(ws, ws.generationFile) });
  const message = `${ws.model}: add generation ${name}`;
  const commit = await saveEdits(ws, { write: [{ path: ws.generationFile, text }], commit: opts.commit ? message : undefined });
  return { message: `Created generation ${name} in ${ws.generationFile}`, files: [ws.generationFile], commit };
}

export type ConfigTarget = 'current' | 'next';

/** `config APP k=v …` (and `generation refresh`): into the open generation, or into the base files. */
export async function stageSettings(
  ws: Workspace,
  opts: WriteOptions & { application: string; edits: StagedEdit[]; target?: ConfigTarget; secrets?: readonly string[] },
): Promise<WriteResult> {
  checkStagedApplication(opts.application, await loadDesired(ws));
  const open = await readGeneration(ws);
  const target = opts.target ?? (open ? 'next' : 'current');
  const described = describeEdits(opts.edits, opts.secrets);
  if (target === 'next') {
    if (!open) {
      throw new GitopsError('generation-not-open', `model ${ws.model} has no open generation to stage changes in`, {
        hint: 'start one with `juju-gitops generation add`, or pass --generation current to change the bundle itself',
      });
    }
    refuseUnstageable({
      model: ws.model, controller: ws.modelConfig.controller, application: opts.application, capabilities: ws.capabilities,
      staged: { options: opts.edits.some((e) => e.field === 'options'), artefact: opts.edits.some((e) => e.field !== 'options') },
    });
    const text = stageChanges(open.text, opts.application, opts.edits);
    const message = `${ws.model}: stage ${opts.application} ${described} in generation ${open.generation.name}`;
    const commit = await saveEdits(ws, { write: [{ path: ws.generationFile, text }], commit: opts.commit ? message : undefined });
    return { message: `Staged ${opts.application} ${described} in generation ${open.generation.name} (${ws.generationFile})`, files: [ws.generationFile], commit };
  }
  const edits: BaseEdit[] = opts.edits.map((e) => ({ application: opts.application, ...e }) as BaseEdit);
  const result = applyBaseEdits(await readModelFiles(ws), edits);
  const written = result.files.filter((f) => result.changed.includes(f.path));
  const message = `${ws.model}: set ${opts.application} ${described}`;
  const commit = await saveEdits(ws, { write: written, commit: opts.commit && written.length ? message : undefined });
  const where = result.changed.join(', ') || 'no file (already set)';
  return { message: `Set ${opts.application} ${described} in ${where}`, files: result.changed, commit };
}

export function describeEdits(edits: readonly StagedEdit[], secrets: readonly string[] = []): string {
  return edits
    .map((e) => {
      if (!('key' in e)) return `${e.field}=${e.value}`;
      const prefix = e.field === 'resources' ? 'resource ' : '';
      if (e.value === null) return `${prefix}${e.key} (reset)`;
      const shown = isSecretSetting(`${e.field}.${e.key}`, secrets) ? maskedInLabel : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
      return `${prefix}${e.key}=${shown}`;
    })
    .join(', ');
}

/** The units of each application: live where the controller has the model, else from the bundle. */
export async function unitInventory(ctx: GenerationContext, ws: Workspace, offline?: boolean): Promise<{ inventory: UnitInventory; live?: LiveModel }> {
  const desired = await loadDesired(ws);
  const live = offline ? undefined : await readLive(ctx, ws);
  return { inventory: { ...inventoryFromBundle(desired), ...(live ? inventoryFromLive(live) : {}) }, live };
}

export async function setTargets(ctx: GenerationContext, ws: Workspace, opts: WriteOptions & { targets: string[] }): Promise<WriteResult> {
  const open = await requireGeneration(ws);
  const desired = await loadDesired(ws);
  const { inventory } = await unitInventory(ctx, ws, opts.offline);
  const result = addTargets(open.text, open.generation, opts.targets, { desired, inventory });
  for (const application of new Set(result.added.map(applicationOf))) {
    const staged = stagedKinds(open.generation.applications[application]);
    refuseUnstageable({ model: ws.model, controller: ws.modelConfig.controller, application, staged, capabilities: ws.capabilities });
  }
  if (result.added.length === 0) {
    return { message: `Already tracking generation ${open.generation.name}: ${result.already.join(', ')}`, files: [] };
  }
  const message = `${ws.model}: generation ${open.generation.name} targets ${result.added.join(', ')}`;
  const commit = await saveEdits(ws, { write: [{ path: ws.generationFile, text: result.text }], commit: opts.commit ? message : undefined });
  const skipped = result.already.length ? ` (already tracking: ${result.already.join(', ')})` : '';
  return { message: `Added ${result.added.join(', ')} to generation ${open.generation.name}${skipped}; the next reconcile moves them`, files: [ws.generationFile], commit };
}
