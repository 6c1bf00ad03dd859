import type { Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * The text of a bundle, overlay or config file. Juju's YAML reader refuses bytes that are not
 * UTF-8 instead of guessing an encoding; so does this, at the first bad byte, rather than let
 * replacement characters slip into application names and option values.
 */
export function decodeUtf8(data: Uint8Array, file: string): string {
  try {
    return strict.decode(data);
  } catch {
    const text = lenient.decode(data);
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const diagnostic: Diagnostic = {
      code: 'file-not-utf8', severity: 'error', summary: 'is not UTF-8 text', file, line, col,
      hint: 'Juju reads bundles as UTF-8; convert the file (e.g. `iconv -f latin1 -t utf-8`)',
    };
    throw new GitopsError('file-not-utf8', `${file} is not UTF-8 text`, { diagnostics: [diagnostic] });
  }
}
