import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { diskFullError, GitopsError } from '../model/errors.js';

/** Reads the controller's API token, creating it (mode 0600) on first start. */
export function ensureToken(file: string): string {
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  } catch (error) {
    throw diskFullError(error, file) ?? error;
  }
  fs.chmodSync(file, 0o600);
  return token;
}

export function readToken(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new GitopsError('controller-token-missing', `cannot read the controller token ${file}: ${(error as Error).message}`, {
      hint: 'start the controller with `juju-gitops controller start`, as the user who owns it',
    });
  }
}

/** Compares hashes of both values so neither the length nor the content leaks through timing. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
