import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import { readRegularFile } from './read-regular.js';

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
 * Whether `absPath` is still inside `root` once symbolic links are followed, so a link committed
 * to the repository cannot pull in a file of the machine. A missing file is left to the read.
 */
export async function realInsideRoot(root: string, absPath: string): Promise<boolean> {
  const real = await realpath(absPath).catch(() => undefined);
  return real === undefined || insideRoot(await realpath(root).catch(() => root), real);
}

export function linkEscapes(shown: string, root: string): GitopsError {
  return new GitopsError('path-escapes-repo', `${shown} is a symbolic link that leads outside the repository ${root}`, {
    hint: 'copy the file into the repository instead of linking to it',
  });
}

/** Reads a file of the working tree, refusing one that symbolic links take outside `root`. */
export async function readWithin(root: string, absPath: string): Promise<Buffer> {
  if (!(await realInsideRoot(root, absPath))) throw linkEscapes(absPath, root);
  return readRegularFile(absPath);
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
    if (error instanceof GitopsError && error.code === 'path-escapes-repo') {
      return {
        diagnostic: {
          code: 'include-escapes-repo',
          severity: 'error',
          summary: `include ${JSON.stringify(target)} leads outside the repository through a symbolic link`,
          hint: 'copy the file into the repository instead of linking to it',
        },
      };
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG') {
      return {
        diagnostic: {
          code: 'include-not-regular-file',
          severity: 'error',
          summary: `include file ${JSON.stringify(absPath)} is ${(error as { kind?: string }).kind ?? 'not a regular file'}`,
          hint: 'include a regular file: a pipe or device would be read without end',
        },
      };
    }
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
