import { GitopsError, errorSummary } from '../model/errors.js';
import type { RunError } from './events.js';

/** An error that stopped a run, as the plain value results and journals carry. */
export function runError(error: unknown, changeId?: string): RunError {
  const code = error instanceof GitopsError ? error.code : 'backend-error';
  const hint = error instanceof GitopsError ? error.hint : undefined;
  return { code, message: errorSummary(error), ...(hint ? { hint } : {}), ...(changeId ? { changeId } : {}) };
}

/** The store refused a write because another run holds the model's lease now. */
export function isLeaseLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'lease-lost';
}
