import { styleText } from 'node:util';
import type { RolloutEvent, UnitPhase } from '../../apply/events.js';
import { describeEvent } from './rollout-lines.js';

export interface TableRow {
  unit: string;
  from: string;
  to: string;
  phase: UnitPhase;
  /** Elapsed time reported by the last event, and when that event arrived. */
  elapsedMs: number;
  seenAt: number;
  detail?: string;
}

const settledPhases: ReadonlySet<UnitPhase> = new Set(['queued', 'done', 'skipped', 'failed']);
const phaseColour: Partial<Record<UnitPhase, Parameters<typeof styleText>[0]>> = {
  done: 'green', skipped: 'green', failed: 'red', 'rolling-back': 'yellow', queued: 'dim',
};

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The rows as lines: unit, old → new, phase, elapsed. Pure, so it can be compared to a golden file. */
export function renderTable(rows: readonly TableRow[], now: number, color: boolean): string[] {
  const paint = (phase: UnitPhase, text: string) => (color && phaseColour[phase] ? styleText(phaseColour[phase]!, text) : text);
  const cells = rows.map((r) => {
    const elapsed = r.phase === 'queued' ? '' : `${((r.elapsedMs + (settledPhases.has(r.phase) ? 0 : now - r.seenAt)) / 1000).toFixed(1)}s`;
    // Clipped so a row never wraps: the in-place redraw counts one screen line per row.
    return [r.unit, clip(`${r.from} → ${r.to}`, 50), r.phase, elapsed, clip(r.phase === 'failed' && r.detail ? r.detail : '', 40)];
  });
  const header = ['UNIT', 'CHANGE', 'PHASE', 'ELAPSED', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[], phase?: UnitPhase) =>
    [pad(c[0], widths[0]), pad(c[1], widths[1]), phase ? paint(phase, pad(c[2], widths[2])) : pad(c[2], widths[2]), pad(c[3], widths[3]), c[4]]
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map((c, i) => line(c, rows[i].phase))];
}

/**
 * The live view on a terminal: log lines scroll above a table redrawn in place (ANSI cursor
 * moves), with the current wait underneath, and elapsed times ticking while units move.
 */
export class LiveRolloutTable {
  private rows = new Map<string, TableRow>();
  private waiting = '';
  private drawn = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: (text: string) => void,
    private readonly opts: { color: boolean; now?: () => number } = { color: true },
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  handle(event: RolloutEvent): void {
    if (event.type === 'unit') {
      const row = { unit: event.unit, from: event.from, to: event.to, phase: event.phase, elapsedMs: event.elapsedMs, seenAt: this.now(), detail: event.detail };
      this.rows.set(event.unit, row);
      // Any news of a unit ends the wait that was shown for it.
      this.waiting = '';
      this.startTicker();
      return this.redraw();
    }
    if (event.type === 'wait') {
      this.waiting = clip(describeEvent(event) ?? '', 110);
      return this.redraw();
    }
    if (event.type === 'change-start') this.commitTable();
    const line = describeEvent(event);
    if (line) this.log(line);
    if (event.type === 'run-end' || event.type === 'canary') this.stop();
  }

  /** Leaves the last drawn table on screen and stops updating it. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.waiting = '';
    this.redraw();
    this.commitTable();
  }

  private commitTable(): void {
    this.drawn = 0;
    this.rows.clear();
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.redraw(), 500);
    this.ticker.unref();
  }

  private log(line: string): void {
    this.erase();
    this.out(`${line}\n`);
    this.redraw();
  }

  private erase(): void {
    if (this.drawn > 0) this.out(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.erase();
    if (this.rows.size === 0 && !this.waiting) return;
    const lines = this.rows.size ? renderTable([...this.rows.values()], this.now(), this.opts.color) : [];
    if (this.waiting) lines.push(this.opts.color ? styleText('dim', this.waiting) : this.waiting);
    this.out(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}
