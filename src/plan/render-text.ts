import { styleText } from 'node:util';
import type { Change, Classification, Plan } from '../model/change.js';
import { changeDetails, charmDefault, unappliedDifferences, type Detail } from './details.js';
import type { ModelDiff } from './diff-types.js';
import { maskedInPlan } from '../model/secrets.js';
import { describeSource } from './source.js';

/**
 * The human view: per model a headline, the numbered changes with their values, removals, and
 * what stays unapplied. Colour is the caller's decision (a terminal), never guessed here.
 */
type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

const classStyle: Record<Classification, Parameters<typeof styleText>[0]> = {
  'in-place': 'green',
  restart: 'yellow',
  'all-at-once': 'magenta',
  destructive: 'red',
};

const plainWord = /^[\w@./:+=,-]+$/;
const textWidth = 100;

/** A value for a line of text: bare words as they are, anything else as JSON, long values cut. */
export function formatValue(value: unknown, opts: { full?: boolean } = {}): string {
  if (value === undefined || value === null) return '(unset)';
  if (value === maskedInPlan || value === charmDefault) return value;
  const text = typeof value === 'string' && plainWord.test(value) ? value : JSON.stringify(value);
  if (opts.full || text.length <= textWidth) return text;
  return `${text.slice(0, textWidth - 20)}… (${text.length} chars)`;
}

export function formatDetail(detail: Detail): string {
  if (!('from' in detail)) return `${detail.label}: ${formatValue(detail.to)}`;
  return `${detail.label}: ${formatValue(detail.from)} → ${formatValue(detail.to)}`;
}

/** `6 changes (1 restart, 5 in-place, 0 destructive), 0 removals` (`, 1 all at once` when some), or `no changes`. */
export function countsLine(plan: Plan): string {
  const { summary } = plan;
  const count = plan.changes.length + plan.removals.length;
  if (count === 0) return 'no changes';
  const allAtOnce = summary.allAtOnce ? `${summary.allAtOnce} all at once, ` : '';
  return `${count} change${count === 1 ? '' : 's'} (${summary.restart} restart, ${allAtOnce}${summary.inPlace} in-place, ${summary.destructive} destructive), `
    + `${summary.removals} removal${summary.removals === 1 ? '' : 's'}`;
}

function changeLines(changes: Change[], paint: Paint): string[] {
  const width = Math.max(...changes.map((c) => c.id.length));
  return changes.flatMap((change, i) => [
    `  ${String(i + 1).padStart(2)}. ${change.id.padEnd(width)}  ${paint(classStyle[change.classification], change.classification.padEnd(11))}  ${change.description}`,
    ...changeDetails(change).map((d) => `        ${formatDetail(d)}`),
  ]);
}

function renderOne(plan: Plan, paint: Paint): string {
  const lines = [paint('bold', `Model ${plan.model} (controller ${plan.controller}): ${countsLine(plan)}`)];
  const described = describeSource(plan);
  const source = described ? `source ${described}${plan.desiredDigest ? ` (desired ${plan.desiredDigest.slice(0, 19)})` : ''} · ` : '';
  lines.push(`  ${source}live ${plan.liveFingerprint.slice(0, 19)}`);
  if (plan.changes.length) lines.push('', ...changeLines(plan.changes, paint));
  if (plan.removals.length) lines.push('', paint('red', 'Removals (prune):'), ...changeLines(plan.removals, paint));
  if (plan.notes?.length) lines.push('', paint('magenta', 'Rollout policy not honoured:'), ...plan.notes.map((n) => `  - ${n}`));
  const acted = new Set([...plan.changes, ...plan.removals].map((c) => c.id));
  const notes = unappliedDifferences(plan.diff as ModelDiff | undefined, acted);
  if (notes.length) lines.push('', 'Not applied:', ...notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

export function renderPlansText(plans: Plan[], opts: { color: boolean }): string {
  const paint: Paint = opts.color ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
  return plans.map((plan) => renderOne(plan, paint)).join('\n');
}
