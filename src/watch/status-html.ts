/** Small HTML builders for the status page. Every value from outside goes through `escapeHtml`. */

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A table with its caption and column headers; cells are already escaped HTML. */
export function table(caption: string, header: readonly string[], rows: readonly string[][], attrs: readonly string[] = []): string {
  const head = `<thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r, i) => `<tr${attrs[i] ? ` ${attrs[i]}` : ''}>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${caption}</caption>\n${head}\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A status word, coloured by its class and always spelt out, so colour is never the only cue. */
export function statusWord(status: string): string {
  return `<span class="s-${escapeHtml(status.replace(/[^a-z-]/g, '-'))}">${escapeHtml(status)}</span>`;
}

export function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function shortCommit(commit: string): string {
  return `<code>${escapeHtml(commit.slice(0, 12))}</code>`;
}

/** An id attribute value built from names (models, runs), kept to characters safe in a selector. */
export function idFor(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Just the time of day (UTC), for rows within one rollout. */
export function clock(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.slice(11, 19))}</time>`;
}
