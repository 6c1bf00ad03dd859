import { spawn } from 'node:child_process';
import { GitopsError } from '../../model/errors.js';

/**
 * Git plumbing for a compare-and-swap register on a remote: a ref whose value is a commit.
 * Plain `git` through spawn (argument arrays, no shell) because the plumbing needs stdin
 * (`hash-object --stdin`, `commit-tree`), which simple-git does not pass through.
 */
export class GitCas {
  constructor(
    private readonly repo: string,
    private readonly remote: string,
  ) {}

  git(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.repo, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  private async must(args: string[], input?: string): Promise<string> {
    const r = await this.git(args, input);
    if (r.code !== 0) throw new GitopsError('run-store-git-failed', `git ${args[0]} failed: ${r.stderr.trim() || r.stdout.trim()}`);
    return r.stdout.trim();
  }

  /** The remote ref's commit (fetched into a private local ref), or null when it does not exist. */
  async read(ref: string): Promise<string | null> {
    const cache = ref.replace(/^refs\//, 'refs/juju-gitops-cache/');
    const fetched = await this.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', this.remote, `+${ref}:${cache}`]);
    if (fetched.code !== 0) {
      if (/couldn't find remote ref|no such ref/i.test(fetched.stderr)) return null;
      throw new GitopsError('run-store-unreachable', `cannot read ${ref} from ${this.remote}: ${fetched.stderr.trim()}`, { hint: 'check that the repository remote is reachable and writable' });
    }
    return this.must(['rev-parse', '--verify', `${cache}^{commit}`]);
  }

  async file(commit: string, path: string): Promise<string> {
    return this.must(['cat-file', 'blob', `${commit}:${path}`]);
  }

  /** A new commit holding one file, on top of `parent`. */
  async commit(parent: string | null, file: { path: string; content: string }, message: string): Promise<string> {
    const blob = await this.must(['hash-object', '-w', '--stdin'], file.content);
    const tree = await this.must(['mktree'], `100644 blob ${blob}\t${file.path}\n`);
    // The store's own identity: a run-store commit says what happened, not who ran git.
    return this.must(['-c', 'user.name=juju-gitops', '-c', 'user.email=juju-gitops@localhost', 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], message);
  }

  /**
   * Moves the remote ref from `expected` (null: it must not exist) to `next`, or reports that
   * someone else moved it first. `--force-with-lease=REF:EXPECTED` makes the remote compare and
   * swap: of several writers racing from the same value, exactly one succeeds.
   */
  async swap(ref: string, expected: string | null, next: string): Promise<boolean> {
    const r = await this.git(['push', '--porcelain', '--quiet', `--force-with-lease=${ref}:${expected ?? ''}`, this.remote, `${next}:${ref}`]);
    if (r.code === 0) return true;
    if (/^!\s/m.test(r.stdout) || /stale info|rejected|non-fast-forward|fetch first/i.test(r.stdout + r.stderr)) return false;
    throw new GitopsError('run-store-unreachable', `cannot write ${ref} to ${this.remote}: ${(r.stderr || r.stdout).trim()}`, { hint: 'check that the repository remote is reachable and writable' });
  }

  /** Commit messages from `head` back to the root, newest first. */
  async messages(head: string, limit?: number): Promise<string[]> {
    const out = await this.must(['log', '--format=%B%x1e', ...(limit ? ['-n', String(limit)] : []), head]);
    return out.split('\x1e').map((m) => m.trim()).filter(Boolean);
  }
}
