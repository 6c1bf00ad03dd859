import type { YAMLError } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';

type At = (offset: number) => { file: string; line: number; col: number };

/**
 * The YAML parser's errors as diagnostics. A key indented deeper than the key above it reads
 * as a value continuing on the next line, which the parser reports twice, tersely, at that
 * value on the line before; that pair becomes one error at the key that is out of line, saying
 * where it should start. Duplicate keys warn: go-yaml v2 keeps the last of two equal keys.
 */
export function yamlErrorDiagnostics(errors: readonly YAMLError[], text: string, at: At): Diagnostic[] {
  const out: Diagnostic[] = [];
  const indentation = new Set<number>();
  for (const error of errors) {
    const offset = error.pos[0];
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY') {
      if (indentation.has(offset)) continue;
      indentation.add(offset);
      const misplaced = overIndented(text, offset);
      if (misplaced) {
        out.push({
          code: 'yaml-indentation', severity: 'error', ...at(misplaced.offset),
          summary: `\`${misplaced.key}\` is indented deeper than \`${misplaced.above}\` above it`,
          hint: `start \`${misplaced.key}\` at column ${misplaced.column}, under \`${misplaced.above}\`; only a key whose value is empty may have keys nested under it`,
        });
        continue;
      }
    }
    const duplicate = error.code === 'DUPLICATE_KEY';
    // BAD_INDENT also covers an unclosed flow [ or {, which is not an indentation slip.
    const misaligned = error.code === 'BAD_INDENT' && !error.message.startsWith('Flow');
    out.push({
      code: duplicate ? 'yaml-duplicate-key' : misaligned ? 'yaml-indentation' : 'yaml-syntax',
      severity: duplicate ? 'warning' : 'error',
      summary: firstLine(error.message),
      hint: duplicate
        ? 'the later value is the one Juju uses; remove the other'
        : misaligned ? 'keys of one mapping must start at the same column; indent with spaces, two per level' : undefined,
      ...at(offset),
    });
  }
  return out;
}

/** The key on the line after `offset` when it starts deeper than the key on the line of `offset`. */
function overIndented(text: string, offset: number): { key: string; above: string; column: number; offset: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', offset) < 0 ? undefined : text.indexOf('\n', offset));
  const above = /^(\s*)(?:-\s+)?([^\s:#][^:]*?)\s*:/.exec(line);
  const nextStart = text.indexOf('\n', offset) + 1;
  if (!above || nextStart === 0) return undefined;
  const rest = text.slice(nextStart);
  const next = /^([ ]*)([^\s:#][^:\n]*?)\s*:/.exec(rest);
  if (!next || next[1].length <= above[1].length) return undefined;
  return { key: next[2], above: above[2], column: above[1].length + 1, offset: nextStart + next[1].length };
}

export function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
