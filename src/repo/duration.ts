import { GitopsError } from '../model/errors.js';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads `250ms`, `30s`, `5m`, `1h`, `1m30s`, or a bare number of seconds, as Go's and Juju's
 * command lines do. Returns undefined for anything else, so the caller can say which flag is wrong.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  return Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * unitMs[unit], 0));
}

/** A duration from juju-gitops.yaml in milliseconds: a number of seconds, or text `parseDuration` reads. */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  const ms = parseDuration(value);
  if (ms === undefined) throw new GitopsError('invalid-duration', `invalid duration ${JSON.stringify(value)}`, { hint: 'write 500ms, 30s, 2m or 1h' });
  return ms;
}

/**
 * The one way durations are printed, everywhere (terminal, history, status page): seconds
 * with at most one decimal under a minute (`0.4s`, `12s`, `12.3s`), then `1m05s` and `1h02m`.
 * Each form reads back with `parseDuration`.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, ms);
  if (total < 59_950) return `${Number((total / 1000).toFixed(1))}s`;
  const seconds = Math.round(total / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
