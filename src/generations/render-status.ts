import { stringify } from 'yaml';
import type { GenerationFile } from './file.js';
import type { AppProgress } from './progress.js';
import { maskedChanges } from './settings.js';

/**
 * `generation status`: per changed application, how many units track the generation and
 * which are behind. YAML and JSON follow the shape of Juju's branch view (`juju diff`):
 * `{<name>: {created, applications: [{application, progress, units: {tracking, incomplete}, config}]}}`.
 */
export type StatusFormat = 'text' | 'yaml' | 'json';

export function renderGenerationStatus(
  generation: GenerationFile,
  progress: readonly AppProgress[],
  opts: { model: string; format: StatusFormat; secrets?: readonly string[] },
): string {
  if (opts.format !== 'text') {
    const staged = maskedChanges(generation.applications, opts.secrets);
    const value = {
      [generation.name]: {
        model: opts.model,
        created: generation.created,
        targets: generation.targets,
        applications: progress.map((p) => ({
          application: p.application,
          progress: p.progress,
          complete: p.complete,
          units: { tracking: p.tracking, incomplete: p.behind, ...(p.moved ? { moved: p.moved } : {}) },
          ...(staged[p.application]?.options ? { config: staged[p.application].options } : {}),
          ...artefact(staged[p.application] ?? {}),
        })),
      },
    };
    return opts.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
  }
  const lines = [
    `Generation ${generation.name} of model ${opts.model}, created ${generation.created}`,
    `Targets: ${generation.targets.join(', ') || '(none yet)'}`,
    '',
  ];
  if (progress.length === 0) return `${lines.join('\n')}No changes staged.\n`;
  const rows = progress.map((p) => [p.application, p.progress, tracking(p), p.behind.join(', ') || '-']);
  const header = ['App', 'Progress', 'Tracking', 'Behind'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) lines.push(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
  if (progress.some((p) => p.moved && p.moved.length < p.tracking.length)) {
    lines.push('', '(pending): tracks the generation in git; the next reconcile moves it');
  }
  const complete = progress.every((p) => p.complete);
  lines.push('', complete ? 'Every unit of every changed application tracks it: `juju-gitops generation commit` folds it into the bundle.' : '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function tracking(p: AppProgress): string {
  if (p.tracking.length === 0) return '-';
  return p.tracking.map((u) => (p.moved && !p.moved.includes(u) ? `${u} (pending)` : u)).join(', ');
}

function artefact(changes: { charm?: string; channel?: string; revision?: number; resources?: Record<string, unknown> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ['charm', 'channel', 'revision', 'resources'] as const) if (changes[field] !== undefined) out[field] = changes[field];
  return out;
}
