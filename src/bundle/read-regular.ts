import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** What a path is when it is not a regular file, in words, for the error. */
function kindOf(stats: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a file that must be a regular file. A FIFO would block the read forever and a device
 * would never end, so the path is opened without blocking and checked on the open handle (no
 * window for it to be swapped between the check and the read). Other kinds fail with code
 * `ENOTREG` and a `kind` saying what the path is; a folder fails with `EISDIR`, as readFile does.
 */
export async function readRegularFile(absPath: string): Promise<Buffer> {
  const handle = await open(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${absPath}'`), { code: 'EISDIR', path: absPath });
    if (!stats.isFile()) {
      const kind = kindOf(stats);
      throw Object.assign(new Error(`${absPath} is ${kind}, not a regular file`), { code: 'ENOTREG', path: absPath, kind });
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The same check for synchronous readers (the controller loading a charm folder). */
export function readRegularFileSync(absPath: string): Buffer {
  const fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      const kind = stats.isDirectory() ? 'a folder' : kindOf(stats);
      throw Object.assign(new Error(`${absPath} is ${kind}, not a regular file`), { code: stats.isDirectory() ? 'EISDIR' : 'ENOTREG', path: absPath, kind });
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
