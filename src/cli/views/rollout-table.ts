import { styleText } from 'node:util';
import { createLogUpdate } from 'log-update';
import type { RolloutEvent, UnitPhase } from '../../apply/events.js';
import { formatDuration } from '../../repo/duration.js';
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

const paint = (style: Parameters<typeof styleText>[0], text: string) => styleText(style, text, { validateStream: false });

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The rows as lines: unit, old → new, phase, elapsed. Pure, so it can be compared to a golden file. */
export function renderTable(rows: readonly TableRow[], now: number, color: boolean): string[] {
  const colour = (phase: UnitPhase, text: string) => (color && phaseColour[phase] ? paint(phaseColour[phase]!, text) : text);
  const cells = rows.map((r) => {
    const elapsed = r.phase === 'queued' ? '' : formatDuration(r.elapsedMs + (settledPhases.has(r.phase) ? 0 : now - r.seenAt));
    return [r.unit, clip(`${r.from} → ${r.to}`, 50), r.phase, elapsed, clip(r.phase === 'failed' && r.detail ? r.detail : '', 60)];
  });
  const header = ['UNIT', 'CHANGE', 'PHASE', 'ELAPSED', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[], phase?: UnitPhase) =>
    [pad(c[0], widths[0]), pad(c[1], widths[1]), phase ? colour(phase, pad(c[2], widths[2])) : pad(c[2], widths[2]), pad(c[3], widths[3]), c[4]]
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map((c, i) => line(c, rows[i].phase))];
}

/** Where the live table draws: text out, and the terminal's size as it is now. */
export interface TableScreen {
  write: (text: string) => void;
  columns?: () => number | undefined;
  rows?: () => number | undefined;
}

/**
 * The live view on a terminal: log lines scroll above a table that log-update redraws in place
 * (it wraps long lines to the terminal's width, keeps the table within its height, and reads
 * both at each redraw, so a resized window is redrawn right), with the current wait underneath
 * and elapsed times ticking while units move.
 */
export class LiveRolloutTable {
  private rows = new Map<string, TableRow>();
  private waiting = '';
  private ticker: NodeJS.Timeout | undefined;
  private readonly draw: ReturnType<typeof createLogUpdate>;

  constructor(
    private readonly screen: TableScreen,
    private readonly opts: { color: boolean; now?: () => number } = { color: true },
  ) {
    const stream = {
      write: (text: string) => (screen.write(text), true),
      get columns() {
        return screen.columns?.() ?? 80;
      },
      get rows() {
        return screen.rows?.() ?? 24;
      },
    };
    // showCursor: the cursor is the terminal's; hiding it would need restoring on every exit path.
    this.draw = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
  }

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
      this.waiting = describeEvent(event) ?? '';
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
    this.draw.done();
    this.rows.clear();
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.redraw(), 500);
    this.ticker.unref();
  }

  private log(line: string): void {
    this.draw.clear();
    this.screen.write(`${line}\n`);
    this.redraw();
  }

  private redraw(): void {
    const lines = this.rows.size ? renderTable([...this.rows.values()], this.now(), this.opts.color) : [];
    if (this.waiting) lines.push(this.opts.color ? paint('dim', this.waiting) : this.waiting);
    if (lines.length) this.draw(lines.join('\n'));
    else this.draw.clear();
  }
}
