import { isMap } from 'yaml';
import type { Document, Node, Pair } from 'yaml';

/** Offset of the first character of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Column (0-based) of `pos` within its line. */
export function lineColumn(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

/** Offset just past the newline ending the last line of `node` (its trailing comment included). */
export function nodeSpanEnd(text: string, node: Node): number {
  const end = node.range ? node.range[1] : 0;
  if (end > 0 && text[end - 1] === '\n') return end;
  const eol = text.indexOf('\n', end);
  return eol === -1 ? text.length : eol + 1;
}

export function pairSpanEnd(text: string, pair: Pair<Node, Node | null>): number {
  return nodeSpanEnd(text, pair.value ?? pair.key);
}

/** Indents every non-empty line of a rendered block by `column` spaces. */
export function blockText(rendered: string, column: number): string {
  const pad = ' '.repeat(column);
  const body = rendered.replace(/\n$/, '');
  return `${body
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n')}\n`;
}

/** The file's own indentation step, read from its first nested block map (2 when it has none). */
export function indentUnit(doc: Document.Parsed, text: string): number {
  const visit = (node: unknown): number | undefined => {
    if (!isMap(node) || node.flow) return undefined;
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const child = pair.value;
      if (isMap(child) && !child.flow && child.items.length && pair.key.range) {
        const first = (child.items[0] as Pair<Node, Node | null>).key;
        const step = lineColumn(text, first.range![0]) - lineColumn(text, pair.key.range[0]);
        if (step > 0) return step;
      }
    }
    return undefined;
  };
  return visit(doc.contents) ?? 2;
}
