import type { SimpleGit } from 'simple-git';

/**
 * simple-git for a folder, loaded on first use: most runs of most commands never call git
 * (validate of the working tree, --version), and loading the client is a good part of what
 * starting the CLI would otherwise cost.
 */
export async function gitIn(dir: string): Promise<SimpleGit> {
  const { simpleGit } = await import('simple-git');
  return simpleGit(dir);
}
