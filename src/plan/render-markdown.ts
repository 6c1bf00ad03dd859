import type { Change, Plan } from '../model/change.js';
import { changeDetails, unappliedDifferences, type Detail } from './details.js';
import type { ModelDiff } from './diff-types.js';
import { countsLine, formatDetail, formatValue } from './render-text.js';
import { describeSource } from './source.js';

/**
 * A pull-request comment: totals, destructive changes called out before anything else, then a
 * table per model. Values too long for a table cell are folded into `<details>` blocks below it.
 */
const foldAbove = 60;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function isLong(detail: Detail): boolean {
  return [detail.from, detail.to].some((v) => typeof v === 'string' && (v.length > foldAbove || v.includes('\n'))) || formatDetail(detail).length > foldAbove + 20;
}

function fence(value: unknown): string {
  const text = typeof value === 'string' ? value : formatValue(value, { full: true });
  const ticks = text.includes('```') ? '~~~~' : '```';
  return `${ticks}\n${text}\n${ticks}`;
}

function folded(change: Change, detail: Detail): string {
  const parts = [`<details><summary><code>${change.id}</code> ${detail.label}</summary>`, ''];
  if ('from' in detail) parts.push('Before:', '', fence(detail.from), '', 'After:', '', fence(detail.to));
  else parts.push(fence(detail.to));
  return [...parts, '', '</details>'].join('\n');
}

function modelSection(plan: Plan): string {
  const lines = [`### Model \`${plan.model}\` · controller \`${plan.controller}\``, ''];
  lines.push(`${countsLine(plan).replace(/^./, (c) => c.toUpperCase())}.`, '');
  const meta = [describeSource(plan) && `source \`${describeSource(plan)}\``, `live fingerprint \`${plan.liveFingerprint.slice(0, 19)}\``];
  lines.push(meta.filter(Boolean).join(' · '), '');
  const rows = [...plan.changes.map((c) => [c, '']), ...plan.removals.map((c) => [c, ' (prune)'])] as [Change, string][];
  const folds: string[] = [];
  if (rows.length) {
    lines.push('| # | Change | Classification | Details |', '| -: | --- | --- | --- |');
    rows.forEach(([change, suffix], i) => {
      const details = changeDetails(change).map((d) => {
        if (!isLong(d)) return `\`${cell(formatDetail(d))}\``;
        folds.push(folded(change, d));
        return `${cell(d.label)} (see below)`;
      });
      lines.push(`| ${i + 1} | ${cell(change.description)} | ${change.classification}${suffix} | ${details.join('<br>')} |`);
    });
    lines.push('');
  }
  lines.push(...folds.flatMap((f) => [f, '']));
  if (plan.notes?.length) lines.push('> [!WARNING]', '> **Rollout policy not honoured on this controller**', '>', ...plan.notes.map((n) => `> - ${n}`), '');
  const acted = new Set(rows.map(([c]) => c.id));
  const notes = unappliedDifferences(plan.diff as ModelDiff | undefined, acted);
  if (notes.length) lines.push('Not applied:', '', ...notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

export function renderPlansMarkdown(plans: Plan[]): string {
  const total = (key: 'inPlace' | 'restart' | 'allAtOnce' | 'destructive' | 'removals') => plans.reduce((n, p) => n + (p.summary[key] ?? 0), 0);
  const changes = plans.reduce((n, p) => n + p.changes.length + p.removals.length, 0);
  const lines = ['## juju-gitops plan', ''];
  const allAtOnce = total('allAtOnce') ? ` · ${total('allAtOnce')} all at once` : '';
  lines.push(`**${changes} change${changes === 1 ? '' : 's'}** in ${plans.length} model${plans.length === 1 ? '' : 's'}: `
    + `${total('restart')} restart${allAtOnce} · ${total('inPlace')} in-place · ${total('destructive')} destructive · ${total('removals')} removals`, '');
  const destructive = plans.flatMap((p) => [...p.changes, ...p.removals].filter((c) => c.classification === 'destructive').map((c) => `> - \`${p.model}\`: ${c.description}`));
  if (destructive.length) lines.push('> [!CAUTION]', '> **Destructive changes**', '>', ...destructive, '');
  return `${[...lines, ...plans.map(modelSection)].join('\n').replace(/\n+$/, '')}\n`;
}
