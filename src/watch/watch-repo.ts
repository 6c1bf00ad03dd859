import path from 'node:path';
import { watch } from 'chokidar';

/**
 * Inside `.git` only what moves when a commit lands (HEAD, refs, packed-refs) is watched;
 * objects, logs and the index churn on every git command and would trigger runs for nothing.
 * So do the refs juju-gitops keeps its own run records in (`refs/juju-gitops/`, and their
 * local copies in `refs/juju-gitops-cache/`): each run writes them, and a run they triggered
 * would write them again, without end.
 */
export function isIgnoredPath(root: string, file: string): boolean {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..')) return false;
  if (rel === 'node_modules' || rel.startsWith('node_modules/')) return true;
  if (rel === '.juju-gitops' || rel.startsWith('.juju-gitops/')) return true;
  if (rel === '.git') return false;
  if (!rel.startsWith('.git/')) return false;
  const inGit = rel.slice('.git/'.length);
  if (/^refs\/juju-gitops(-cache)?(\/|$)/.test(inGit)) return true;
  return !(inGit === 'HEAD' || inGit === 'packed-refs' || inGit === 'refs' || inGit.startsWith('refs/'));
}

/** Watches a repository's working tree and its refs; `onChange` gets each changed path. */
export async function watchRepository(root: string, onChange: (file: string) => void): Promise<{ close(): Promise<void> }> {
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (file: string) => isIgnoredPath(root, file),
  });
  watcher.on('all', (_event, file) => onChange(file));
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', reject);
  });
  return { close: () => watcher.close() };
}
