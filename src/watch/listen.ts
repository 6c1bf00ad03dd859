import { GitopsError } from '../model/errors.js';

export const defaultStatusPort = 9797;

/** The only address the status server binds: it is for the operator on this machine. */
export const loopback = '127.0.0.1';

/**
 * `--listen` as given: absent (no server), bare (the default port), `PORT`, or
 * `127.0.0.1:PORT`/`localhost:PORT`. Port 0 picks a free port. Any other host is refused, since
 * the page and metrics carry no authentication.
 */
export function parseListen(value: string | boolean | undefined): { host: string; port: number } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { host: loopback, port: defaultStatusPort };
  const match = /^(?:(.*):)?([^:]*)$/.exec(value.trim());
  const host = match?.[1];
  const portText = match?.[2] ?? '';
  if (host !== undefined && !['127.0.0.1', 'localhost'].includes(host)) {
    throw new GitopsError('listen-not-loopback', `--listen ${value}: the status server listens on ${loopback} only`, {
      hint: `give just a port (--listen ${defaultStatusPort}); to reach it from elsewhere, forward the port over ssh`,
    });
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new GitopsError('usage', `--listen ${value}: not a port`, { hint: `for example --listen ${defaultStatusPort}, or --listen 0 for any free port` });
  }
  return { host: loopback, port };
}
