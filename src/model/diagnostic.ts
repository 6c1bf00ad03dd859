/** A finding about a user's file: what went wrong, where, and how to fix it. */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `relation-unknown-application`. */
  code: string;
  severity: Severity;
  summary: string;
  hint?: string;
  detail?: string;
  file?: string;
  line?: number;
  col?: number;
  /** JSON pointer into the document the finding is about, e.g. `/applications/mysql/options`. */
  pointer?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
