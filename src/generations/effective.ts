import { stringify } from 'yaml';
import { maskedInLabel } from '../model/secrets.js';
import type { CharmOption } from '../model/live.js';
import type { GenerationFile } from './file.js';
import { mergedField, type DocumentRef } from './model-files.js';
import { showValue } from './settings.js';

/**
 * `config APP` with no pairs: each option's effective value and where it comes from — the
 * file that sets it, or the charm's default — and, while a generation is open, what the units
 * tracking it run instead.
 */
export interface EffectiveOption {
  key: string;
  /** Undefined when neither the files nor the charm give a value. */
  value: unknown;
  source: 'user' | 'default' | 'unset';
  /** The file that sets the value (source `user`). */
  file?: string;
  type?: string;
  description?: string;
  /** Present when the generation stages this option: null returns it to its default. */
  staged?: { value: unknown };
}

export function effectiveOptions(opts: {
  refs: readonly DocumentRef[];
  application: string;
  generation?: GenerationFile;
  charmConfig?: Record<string, CharmOption>;
}): EffectiveOption[] {
  const merged = mergedField(opts.refs, opts.application, 'options');
  const staged = opts.generation?.applications[opts.application]?.options ?? {};
  const schema = opts.charmConfig ?? {};
  const keys = [...new Set([...Object.keys(schema), ...Object.keys(merged), ...Object.keys(staged)])].sort();
  return keys.map((key) => {
    const option = schema[key];
    const set = merged[key];
    const entry: EffectiveOption = set
      ? { key, value: set.value, source: 'user', file: set.file }
      : { key, value: option?.default, source: option?.default !== undefined ? 'default' : 'unset' };
    if (option?.type) entry.type = option.type;
    if (option?.description) entry.description = option.description;
    if (Object.hasOwn(staged, key)) entry.staged = { value: staged[key] === null ? option?.default ?? null : staged[key] };
    return entry;
  });
}

export type ConfigView = 'current' | 'next' | 'both';

export function renderEffective(
  options: readonly EffectiveOption[],
  opts: { application: string; generation?: string; view: ConfigView; format: 'text' | 'yaml' | 'json'; secrets?: readonly string[] },
): string {
  const secrets = opts.secrets ?? [];
  const show = (key: string, value: unknown) => showValue({ setting: `options.${key}`, value }, secrets, 1e6);
  const shown = (o: EffectiveOption) => (opts.view === 'next' && o.staged ? o.staged.value : o.value);
  if (opts.format !== 'text') {
    const settings: Record<string, unknown> = {};
    for (const o of options) {
      const value = shown(o);
      settings[o.key] = {
        ...(value !== undefined ? { value: show(o.key, value) === maskedInLabel ? maskedInLabel : value } : {}),
        source: opts.view === 'next' && o.staged ? 'generation' : o.source,
        ...(o.file && !(opts.view === 'next' && o.staged) ? { file: o.file } : {}),
        ...(o.type ? { type: o.type } : {}),
        ...(o.description ? { description: o.description } : {}),
        ...(opts.view === 'both' && o.staged ? { next: show(o.key, o.staged.value) === maskedInLabel ? maskedInLabel : o.staged.value } : {}),
      };
    }
    const value = { application: opts.application, ...(opts.generation && opts.view !== 'current' ? { generation: opts.generation } : {}), settings };
    return opts.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
  }
  const withNext = opts.view === 'both' && options.some((o) => o.staged);
  const header = ['Option', 'Value', 'Source', ...(withNext ? [`Next (${opts.generation})`] : [])];
  const rows = options.map((o) => {
    const nextView = opts.view === 'next' && o.staged;
    const value = shown(o);
    const source = nextView ? `generation ${opts.generation}` : o.source === 'user' ? o.file! : o.source;
    return [o.key, value === undefined ? '' : show(o.key, value), source, ...(withNext ? [o.staged ? show(o.key, o.staged.value) : ''] : [])];
  });
  if (rows.length === 0) return `${opts.application} has no options set\n`;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return `${[header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n')}\n`;
}
