import type { Bundle } from '../model/bundle.js';
import { GitopsError } from '../model/errors.js';
import type { GenerationFile } from './file.js';
import { applicationOf, type UnitInventory } from './progress.js';
import { appendYamlItems, setYamlValue } from './yaml-edit.js';

/**
 * Edits of the generation file itself: staging a change and adding targets. Pure text in,
 * text out; the file keeps the user's comments and layout.
 */
export type StagedEdit =
  | { field: 'charm' | 'channel' | 'revision'; value: string | number }
  /** `value: null` stages a return to the default. */
  | { field: 'options' | 'resources'; key: string; value: unknown };

export function stageChanges(text: string, application: string, edits: readonly StagedEdit[]): string {
  return edits.reduce(
    (current, edit) =>
      setYamlValue(current, {
        path: ['applications', application, edit.field, ...('key' in edit ? [edit.key] : [])],
        value: edit.value,
      }),
    text,
  );
}

/** Refuses changes to applications the model does not have: a generation only changes existing ones. */
export function checkStagedApplication(application: string, desired: Bundle): void {
  if (!desired.applications[application]) {
    throw new GitopsError('application-not-found', `application ${application} is not in the model's bundle or overlays`, {
      hint: 'a generation stages changes to existing applications; add new applications to the bundle itself',
    });
  }
}

/**
 * Appends targets in the order given, skipping those already tracking. Every target must name
 * an application of the desired bundle or the live model, or one of its existing units.
 */
export function addTargets(
  text: string,
  generation: GenerationFile,
  targets: readonly string[],
  known: { desired: Bundle; inventory: UnitInventory },
): { text: string; added: string[]; already: string[] } {
  const unknown = targets.filter((t) => !targetExists(t, known));
  if (unknown.length) {
    const plural = unknown.length > 1 ? 's' : '';
    throw new GitopsError('generation-unknown-target', `unknown unit${plural} or application${plural}: ${unknown.join(', ')}`, {
      hint: 'targets are units such as keystone/0 or whole applications; `juju-gitops status` lists them',
    });
  }
  const added: string[] = [];
  const already: string[] = [];
  for (const target of targets) {
    const covered = generation.targets.includes(target) || added.includes(target) || generation.targets.includes(applicationOf(target));
    (covered ? already : added).push(target);
  }
  return { text: appendYamlItems(text, { path: ['targets'], items: added }), added, already };
}

function targetExists(target: string, known: { desired: Bundle; inventory: UnitInventory }): boolean {
  const app = applicationOf(target);
  if (target === app) return Boolean(known.desired.applications[app] || known.inventory[app]);
  return (known.inventory[app] ?? []).includes(target);
}
