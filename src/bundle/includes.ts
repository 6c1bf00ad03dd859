import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';

/** How include paths are read and confined. */
export interface IncludeContext {
  /** Directory of the file holding the value: relative include paths start here. */
  baseDir: string;
  /** Includes may not leave this folder (the repository root), when set. */
  root?: string;
  readBytes: (absPath: string) => Promise<Buffer>;
}

export type IncludeResult = { value: string } | { diagnostic: Omit<Diagnostic, 'file' | 'line' | 'col'> };

const directives = [
  { prefix: 'include-file://', encode: (data: Buffer) => data.toString('utf8') },
  { prefix: 'include-base64://', encode: (data: Buffer) => data.toString('base64') },
] as const;

export function isInclude(value: unknown): value is string {
  return typeof value === 'string' && directives.some((d) => value.startsWith(d.prefix));
}

export function insideRoot(root: string, absPath: string): boolean {
  const rel = relative(root, absPath);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Replaces an `include-file://` value by the file's text and `include-base64://` by its
 * base64, as Juju does. Juju reads any path; here a path that leaves the repository is
 * refused, so a reviewed repository cannot pull in files from the machine running it.
 */
export async function resolveInclude(value: string, ctx: IncludeContext): Promise<IncludeResult> {
  const directive = directives.find((d) => value.startsWith(d.prefix))!;
  const target = value.slice(directive.prefix.length);
  const absPath = resolve(ctx.baseDir, target);
  if (ctx.root && !insideRoot(ctx.root, absPath)) {
    return {
      diagnostic: {
        code: 'include-escapes-repo',
        severity: 'error',
        summary: `include ${JSON.stringify(target)} resolves to ${absPath}, outside the repository`,
        hint: 'copy the file into the repository and include it by a path inside it',
      },
    };
  }
  try {
    return { value: directive.encode(await ctx.readBytes(absPath)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const folder = code === 'EISDIR';
    return {
      diagnostic: {
        code: folder ? 'include-is-directory' : 'include-not-found',
        severity: 'error',
        summary: folder ? `include file ${JSON.stringify(absPath)} resolves to a folder` : `include file ${JSON.stringify(absPath)} not found`,
        hint: `include paths are relative to the folder of the file that holds them (${ctx.baseDir})`,
      },
    };
  }
}
