import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { ensureToken } from '../controller/token.js';
import { resolveControllerDir } from '../controller/controller-dir.js';
import { GitopsError } from '../model/errors.js';
import { digestKey, type DigestKey } from '../plan/index.js';
import type { Repo } from '../repo/index.js';
import type { CliContext } from './context.js';

/**
 * The key saved plans seal secrets with. `JUJU_GITOPS_DIGEST_KEY` when set (CI jobs that plan and
 * apply on different runners share it as a CI secret); else `digest.key` in the repository's git
 * folder, which git never commits or pushes; else, outside git, beside the local controller's store.
 * Never in the plan: whoever holds a plan without the key cannot test guesses against it.
 */
export async function planDigestKey(ctx: CliContext, repo: Repo): Promise<DigestKey> {
  const shared = ctx.env.JUJU_GITOPS_DIGEST_KEY;
  if (shared !== undefined && shared !== '') {
    if (shared.length < 32) {
      throw new GitopsError('digest-key-weak', `JUJU_GITOPS_DIGEST_KEY has ${shared.length} characters; at least 32 are needed`, {
        hint: 'generate one with `openssl rand -hex 32` and keep it as a CI secret',
      });
    }
    return digestKey(Buffer.from(shared, 'utf8'));
  }
  const gitDir = await simpleGit(repo.root).revparse(['--git-common-dir']).then((d) => d.trim(), () => '');
  const dir = gitDir ? path.resolve(repo.root, gitDir, 'juju-gitops') : resolveControllerDir({ cwd: ctx.cwd, env: ctx.env });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return digestKey(Buffer.from(ensureToken(path.join(dir, 'digest.key')), 'hex'));
}
