import { isSecretOption, maskedInLabel, maskOptionValues } from '../model/secrets.js';
import type { GenerationChanges } from '../model/live.js';

/**
 * Staged changes flattened into rows (`keystone`, `options.debug`, `true`), the unit every
 * view renders, with secret values masked before they reach any output.
 */
export interface SettingRow {
  application: string;
  /** `charm`, `channel`, `revision`, `options.<key>` or `resources.<key>`. */
  setting: string;
  value: unknown;
}

/** Option names that look like secrets, or that the repository declares secret, are never shown. */
export function isSecretSetting(setting: string, secrets: readonly string[] = []): boolean {
  const name = setting.slice(setting.indexOf('.') + 1);
  return setting.startsWith('options.') && isSecretOption(name, secrets);
}

export function settingRows(applications: Record<string, GenerationChanges>): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const [application, changes] of Object.entries(applications)) {
    for (const field of ['charm', 'channel', 'revision'] as const) {
      if (changes[field] !== undefined) rows.push({ application, setting: field, value: changes[field] });
    }
    for (const field of ['options', 'resources'] as const) {
      for (const [key, value] of Object.entries(changes[field] ?? {})) rows.push({ application, setting: `${field}.${key}`, value });
    }
  }
  return rows;
}

/** A value for display: `(default)` for a reset, `***` for a secret, long values folded. */
export function showValue(row: { setting: string; value: unknown }, secrets: readonly string[] = [], width = 60): string {
  if (row.value === undefined) return '';
  if (isSecretSetting(row.setting, secrets)) return maskedInLabel;
  if (row.value === null) return '(default)';
  const text = typeof row.value === 'string' ? row.value : JSON.stringify(row.value);
  const line = text.replace(/\n/g, '\\n');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** The staged changes with secret values replaced, for structured (YAML/JSON) output. */
export function maskedChanges(applications: Record<string, GenerationChanges>, secrets: readonly string[] = []): Record<string, GenerationChanges> {
  const masked: Record<string, GenerationChanges> = {};
  for (const [app, changes] of Object.entries(applications)) {
    const copy: GenerationChanges = { ...changes };
    if (changes.options) copy.options = maskOptionValues(changes.options, secrets, maskedInLabel);
    masked[app] = copy;
  }
  return masked;
}

export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|') || ' ';
}
