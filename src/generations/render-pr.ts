import { stringify } from 'yaml';
import type { GenerationFile } from './file.js';
import { applicationOf } from './progress.js';
import { markdownCell, settingRows, showValue, type SettingRow } from './settings.js';

/**
 * The pull-request view of a generation: what the head revision stages and for which units,
 * with what this change adds, alters or removes against the base revision. A PR that only adds
 * targets still lists every staged value, because that is what the new targets will run.
 */
export type GenerationDiffFormat = 'text' | 'yaml' | 'json' | 'markdown';

export type GenerationDiffStatus = 'added' | 'changed' | 'closed' | 'unchanged';

export interface GenerationDiff {
  generation: string;
  model?: string;
  status: GenerationDiffStatus;
  /** The units and applications the head stages for (the base's, for a closed generation). */
  stagedFor: string[];
  targetsAdded: string[];
  targetsRemoved: string[];
  settings: {
    application: string;
    setting: string;
    value: string;
    before?: string;
    change: 'added' | 'changed' | 'removed' | 'same';
    /** The targets that receive this value: units of its application, or the whole application. */
    reaches: string[];
  }[];
}

export function diffGenerations(
  base: GenerationFile | undefined,
  head: GenerationFile | undefined,
  opts: { model?: string; secrets?: readonly string[] } = {},
): GenerationDiff | undefined {
  const secrets = opts.secrets ?? [];
  const current = head ?? base;
  if (!current) return undefined;
  const renamed = base && head && base.name !== head.name;
  const before = renamed ? undefined : base;
  const status: GenerationDiffStatus = !head ? 'closed' : !before ? 'added' : sameFile(before, head) ? 'unchanged' : 'changed';
  const key = (r: SettingRow) => `${r.application}\u0000${r.setting}`;
  const oldRows = new Map(settingRows(before?.applications ?? {}).map((r) => [key(r), r]));
  const newRows = head ? settingRows(head.applications) : [];
  const reaches = (app: string) => current.targets.filter((t) => applicationOf(t) === app);
  const settings: GenerationDiff['settings'] = newRows.map((row) => {
    const old = oldRows.get(key(row));
    oldRows.delete(key(row));
    const base = { application: row.application, setting: row.setting, value: showValue(row, secrets) };
    if (!before || !old) return { ...base, change: 'added', reaches: reaches(row.application) };
    const same = JSON.stringify(old.value) === JSON.stringify(row.value);
    return same
      ? { ...base, change: 'same', reaches: reaches(row.application) }
      : { ...base, before: showValue(old, secrets), change: 'changed', reaches: reaches(row.application) };
  });
  const removedRows = head ? [...oldRows.values()] : settingRows(current.applications);
  for (const row of removedRows) {
    settings.push({ application: row.application, setting: row.setting, value: '', before: showValue(row, secrets), change: 'removed', reaches: reaches(row.application) });
  }
  const baseTargets = before?.targets ?? [];
  const headTargets = head?.targets ?? [];
  return {
    generation: current.name,
    ...(opts.model ? { model: opts.model } : {}),
    status,
    stagedFor: current.targets,
    targetsAdded: head ? headTargets.filter((t) => !baseTargets.includes(t)) : [],
    targetsRemoved: before && head ? baseTargets.filter((t) => !headTargets.includes(t)) : [],
    settings,
  };
}

function sameFile(a: GenerationFile, b: GenerationFile): boolean {
  return JSON.stringify([a.applications, a.targets]) === JSON.stringify([b.applications, b.targets]);
}

/** Renders the PR view; empty when neither revision has a generation, or when nothing changed. */
export function renderGenerationDiff(
  base: GenerationFile | undefined,
  head: GenerationFile | undefined,
  format: GenerationDiffFormat,
  opts: { model?: string; secrets?: readonly string[]; includeUnchanged?: boolean } = {},
): string {
  const diff = diffGenerations(base, head, opts);
  if (!diff || (diff.status === 'unchanged' && !opts.includeUnchanged)) return '';
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format === 'yaml') return stringify(diff, { lineWidth: 0 });
  return format === 'markdown' ? markdown(diff) : text(diff);
}

function headline(diff: GenerationDiff, code: (name: string) => string = (name) => name): string {
  const of = diff.model ? ` of model ${code(diff.model)}` : '';
  const units = diff.stagedFor.length ? diff.stagedFor.join(', ') : 'no units yet';
  const name = `generation ${code(diff.generation)}${of}`;
  if (diff.status === 'closed') return `${name} closed (committed or cancelled); it was staged for ${units}`;
  return `${name}${diff.status === 'added' ? ' (new)' : ''}: staged for ${units}`;
}

function markdown(diff: GenerationDiff): string {
  const title = headline(diff, (name) => `\`${name}\``);
  const lines = [`#### ${title[0].toUpperCase()}${title.slice(1)}`, ''];
  if (diff.targetsAdded.length && diff.status !== 'added') lines.push(`Targets added: ${diff.targetsAdded.join(', ')}`, '');
  if (diff.targetsRemoved.length) lines.push(`Targets removed: ${diff.targetsRemoved.join(', ')}`, '');
  if (diff.settings.length) {
    lines.push('| Application | Setting | Staged value | Before | Reaches |', '|---|---|---|---|---|');
    for (const s of diff.settings) {
      const value = s.change === 'removed' ? '*(no longer staged)*' : markdownCell(s.value);
      const before = s.change === 'added' && diff.status !== 'added' ? '*(new)*' : markdownCell(s.before ?? '');
      lines.push(`| ${s.application} | ${s.setting} | ${value} | ${before} | ${s.reaches.join(', ') || '*(no unit yet)*'} |`);
    }
  } else lines.push('No changes staged.');
  return `${lines.join('\n')}\n`;
}

function text(diff: GenerationDiff): string {
  const lines = [headline(diff)];
  if (diff.targetsAdded.length && diff.status !== 'added') lines.push(`  targets added: ${diff.targetsAdded.join(', ')}`);
  if (diff.targetsRemoved.length) lines.push(`  targets removed: ${diff.targetsRemoved.join(', ')}`);
  const width = Math.max(0, ...diff.settings.map((s) => `${s.application} ${s.setting}`.length));
  for (const s of diff.settings) {
    const label = `${s.application} ${s.setting}`.padEnd(width);
    const mark = s.change === 'added' && diff.status !== 'added' ? '+' : s.change === 'removed' ? '-' : s.change === 'changed' ? '~' : ' ';
    const value = s.change === 'removed' ? `(was ${s.before})` : s.change === 'changed' ? `${s.before} → ${s.value}` : s.value;
    lines.push(`  ${mark} ${label}  ${value}  [${s.reaches.join(', ') || 'no unit yet'}]`);
  }
  return `${lines.join('\n')}\n`;
}
