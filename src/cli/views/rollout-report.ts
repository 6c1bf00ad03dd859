import { formatDuration } from '../../repo/duration.js';
import type { ApplyResult } from '../../apply/apply-plan.js';


function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The closing paragraph of a reconcile: what happened, and on failure which unit stopped the
 * rollout, which check, and the check's last output, so nobody has to dig through the log.
 */
export function renderApplyReport(result: ApplyResult): string {
  const lines: string[] = [];
  const moved = plural(result.unitsMoved, 'unit');
  switch (result.outcome) {
    case 'unchanged':
      lines.push(`model ${result.model}: nothing to do, the live model already matches`);
      break;
    case 'done': {
      const applied = result.changes.filter((c) => c.status === 'done').length;
      const rolled = result.unitsMoved ? `, ${moved} rolled one by one` : '';
      lines.push(`model ${result.model}: reconciled in ${formatDuration(result.durationMs)}: ${plural(applied, 'change')} applied${rolled}`);
      break;
    }
    case 'aborted':
      lines.push(`model ${result.model}: stopped on request after ${formatDuration(result.durationMs)}; ${moved} moved`);
      lines.push('  rerun apply to continue where it stopped');
      break;
    case 'canary': {
      const waiting = result.waitingForPromotion!;
      lines.push(`model ${result.model}: canary in place on ${waiting.moved.join(', ')}; waiting for promotion`);
      lines.push(`  held back: ${waiting.remaining.join(', ')}`);
      lines.push(`  run \`juju-gitops promote --model ${result.model}\` to move them`);
      break;
    }
    case 'failed': {
      const failure = result.failure;
      if (failure) {
        const untouched = result.units.filter((u) => u.status === 'untouched').map((u) => u.unit);
        lines.push(`model ${result.model}: rollout stopped: unit ${failure.unit} failed its ${failure.check} check`);
        lines.push('  last output:');
        for (const text of failure.output.split('\n')) lines.push(`    ${text}`);
        lines.push(failure.rolledBack ? `  ${failure.unit} was rolled back to what it ran before` : `  ${failure.unit} was left as it is`);
        // Only units that moved and passed came before it; the failed unit itself is not one.
        const before = result.units.filter((u) => u.status === 'done').length;
        lines.push(`  ${plural(before, 'unit')} moved before it; ${untouched.length ? `untouched: ${untouched.join(', ')}` : 'no other unit was waiting'}`);
      } else if (result.error && !result.changes.some((c) => c.status === 'failed')) {
        const applied = result.changes.filter((c) => c.status === 'done').length;
        lines.push(`model ${result.model}: the run stopped after ${plural(applied, 'change')}: ${result.error.message}`);
      } else {
        const failed = result.changes.find((c) => c.status === 'failed');
        lines.push(`model ${result.model}: change ${failed?.changeId ?? '?'} (${failed?.description ?? ''}) failed; nothing after it was applied`);
        if (failed?.error) lines.push(`  ${failed.error}`);
      }
      break;
    }
  }
  if (!result.journalClosed) {
    lines.push(`  the journal could not record this run's end (${result.journalError ?? 'unknown error'}); the next run closes it as interrupted`);
  } else if (result.journalError) {
    lines.push(`  a journal write failed (${result.journalError}); this run's journal may lack entries`);
  }
  if (result.resumed) {
    const earlier = result.resumed.unitsDone.length;
    lines.push(`  (picked up interrupted run ${result.resumed.runId}${earlier ? `, which had moved ${plural(earlier, 'unit')}` : ''})`);
  }
  return `${lines.join('\n')}\n`;
}
