import type { Diagnostic } from '../../model/diagnostic.js';

/** `file:line:col: error[code]: summary` then an indented hint, as compilers print them. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : '';
  let text = `${where}${d.severity}[${d.code}]: ${d.summary}\n`;
  if (d.detail) text += `  ${d.detail.replace(/\n/g, '\n  ')}\n`;
  if (d.hint) text += `  hint: ${d.hint}\n`;
  return text;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const tally = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`;
  return sorted.map(formatDiagnostic).join('') + (diagnostics.length ? tally : '');
}
