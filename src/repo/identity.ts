import { join, relative, resolve } from 'node:path';
import type { ModelOwner } from '../model/owner.js';
import { GitopsError } from '../model/errors.js';
import { gitIn } from './git.js';
import { configFileName } from './open.js';

/**
 * The owner a repository records on the models it manages: its `origin` remote, so every clone
 * (a laptop, a CI runner) is one owner, or its folder when it has no remote; and the path of
 * its juju-gitops.yaml inside it.
 */
export async function repositoryIdentity(root: string): Promise<ModelOwner> {
  const git = await gitIn(root);
  let top = root;
  try {
    top = (await git.raw(['rev-parse', '--show-toplevel'])).trim() || root;
  } catch (error) {
    if (!/not a git repository/i.test(String((error as Error).message))) throw identityFailed(root, error);
    return { repository: resolve(root), config: configFileName };
  }
  const config = relative(top, join(root, configFileName)).split('\\').join('/');
  const remotes = (await git.raw(['remote']).catch((error: unknown) => { throw identityFailed(root, error); })).split('\n').map((r) => r.trim());
  if (!remotes.includes('origin')) return { repository: resolve(top), config };
  const url = (await git.raw(['remote', 'get-url', 'origin']).catch((error: unknown) => { throw identityFailed(root, error); })).trim();
  return { repository: withoutCredentials(url), config };
}

/** A remote URL may carry a user and a token (https://user:token@host/…): never record them. */
export function withoutCredentials(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.password && (!parsed.username || parsed.protocol === 'ssh:')) return url;
    parsed.username = parsed.protocol === 'ssh:' ? parsed.username : '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL Node can parse: drop everything up to the last @ before the host, to be safe.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1');
  }
}

function identityFailed(root: string, error: unknown): GitopsError {
  return new GitopsError('git-failed', `cannot tell which repository ${root} is: ${String((error as Error).message ?? error).trim()}`, {
    hint: 'check that git works in this folder (`git remote -v`)',
    cause: error,
  });
}
