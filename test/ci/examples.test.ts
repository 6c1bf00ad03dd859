import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { bundleText, configText, repoRoot } from '../apply/fixture.js';

/**
 * The CI examples, run for real: each workflow's shell steps, in order, against a temporary
 * repository and the embedded controller. What the CI platform itself does (checkout, artefact
 * upload and download, the PR comment) is played by stand-ins on PATH for `gh`, `curl` and
 * `unzip`, which keep what they were handed in a stash folder.
 */
const ci = path.join(repoRoot, 'examples/ci');
const fixtures = path.join(repoRoot, 'test/apply/fixtures/charms');

interface Step { run: string; env?: Record<string, string> }

let work: string;
let bin: string;
let stash: string;

const fakes: Record<string, string> = {
  gh: `#!/bin/sh
case "$1 $2" in
  "pr comment") while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$STASH/comment.md"; shift; done ;;
  "run list") echo 4242 ;;
  "run download") dir=.; while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir="$2"; shift; done; mkdir -p "$dir"; cp "$STASH"/plans/*.json "$dir"/ ;;
  *) echo "gh stand-in: unexpected $*" >&2; exit 1 ;;
esac
`,
  curl: `#!/bin/sh
for a in "$@"; do last="$a"; done
case "$last" in
  */notes) for a in "$@"; do case "$a" in body@*) cp "\${a#body@}" "$STASH/comment.md" ;; esac; done ;;
  */merge_requests) echo '[{"source_branch":"feature"}]' ;;
  */download\\?job=review) out=; prev=; for a in "$@"; do [ "$prev" = --output ] && out="$a"; prev="$a"; done; echo stand-in > "$out" ;;
  *) echo "curl stand-in: unexpected $last" >&2; exit 1 ;;
esac
`,
  unzip: `#!/bin/sh
mkdir -p plans && cp "$STASH"/plans/*.json plans/
`,
};

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv): string {
  return execFileSync('bash', ['-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-ci-'));
  bin = path.join(work, 'bin');
  stash = path.join(work, 'stash');
  fs.mkdirSync(bin);
  fs.mkdirSync(stash);
  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  fs.writeFileSync(path.join(bin, 'juju-gitops'), `#!/bin/sh\nexec node --import ${tsx} ${JSON.stringify(path.join(repoRoot, 'src/cli/main.ts'))} "$@"\n`, { mode: 0o755 });
  for (const [name, text] of Object.entries(fakes)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A repository deployed from main, with a pull request branch `feature` that changes a label. */
async function scenario(name: string): Promise<{ repo: TempRepo; env: NodeJS.ProcessEnv; stop: () => void }> {
  const home = path.join(work, `${name}-home`);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, JUJU_GITOPS_HOME: home, STASH: stash, MODELS: 'm', NODE_OPTIONS: '', CI: 'true' };
  const repo = await createTempRepo({ prefix: `juju-gitops-ci-${name}-`, copy: { charms: fixtures }, files: { 'juju-gitops.yaml': configText(), 'bundles/m.yaml': bundleText({ label: 'v1' }) } });
  sh('git branch -M main && git remote add origin "$PWD" && git fetch -q origin && juju-gitops apply --yes', repo.dir, env);
  sh('git checkout -q -b feature', repo.dir, env);
  await repo.commit('label v2', { 'bundles/m.yaml': bundleText({ label: 'v2' }) });
  return { repo, env, stop: () => void sh('juju-gitops controller stop || true', repo.dir, env) };
}

/** Fills `${{ … }}` expressions from the values a pull request or push would give them. */
function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * What the platform does between the two jobs: the review's plans leave the workspace as an
 * artefact (kept in the stash, where the download stand-ins find them), and the branch merges.
 */
function uploadPlansAndMerge(repo: TempRepo, env: NodeJS.ProcessEnv, message: string): void {
  fs.rmSync(path.join(stash, 'plans'), { recursive: true, force: true });
  fs.cpSync(path.join(repo.dir, 'plans'), path.join(stash, 'plans'), { recursive: true });
  fs.rmSync(path.join(repo.dir, 'plans'), { recursive: true });
  fs.rmSync(path.join(repo.dir, 'diff.md'));
  sh(`git checkout -q main && git merge -q --no-ff feature -m ${JSON.stringify(message)}`, repo.dir, env);
}

/** What the live model still lacks from the checked-out repository. */
function pending(repo: TempRepo, env: NodeJS.ProcessEnv): string {
  return sh('juju-gitops plan --model m', repo.dir, env);
}

describe('examples/ci/github-actions.yml', () => {
  const workflow = parse(fs.readFileSync(path.join(ci, 'github-actions.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: (Step & { uses?: string })[] }> };
  const values = { 'github.base_ref': 'main', 'github.token': 'stand-in', 'github.event.pull_request.number': '7' };
  const runJob = (job: string, cwd: string, env: NodeJS.ProcessEnv) => {
    for (const step of workflow.jobs[job].steps.filter((s) => s.run)) {
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), values)]));
      sh(expand(step.run, values), cwd, { ...env, ...stepEnv });
    }
  };

  it('reviews a pull request (comment, plans) and applies exactly those plans on merge', async () => {
    const { repo, env, stop } = await scenario('github');
    try {
      runJob('review', repo.dir, env);
      const comment = fs.readFileSync(path.join(stash, 'comment.md'), 'utf8');
      expect(comment).toContain('label');
      expect(comment).toContain('v2');
      uploadPlansAndMerge(repo, env, 'Merge pull request #7');
      expect(pending(repo, env)).toContain('v1 → v2');
      runJob('apply', repo.dir, env);
      expect(pending(repo, env)).toContain('no changes');
    } finally {
      stop();
      repo.cleanup();
    }
  }, 120_000);
});

describe('examples/ci/gitlab-ci.yml', () => {
  const pipeline = parse(fs.readFileSync(path.join(ci, 'gitlab-ci.yml'), 'utf8')) as {
    variables: Record<string, string | number>;
    default: { before_script: string[] };
    review: { script: string[] };
    apply: { script: string[] };
  };
  const runJob = (job: 'review' | 'apply', cwd: string, env: NodeJS.ProcessEnv) => {
    const vars = { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_API_V4_URL: 'https://gitlab.invalid/api/v4', CI_PROJECT_ID: '1', CI_MERGE_REQUEST_IID: '7', JUJU_GITOPS_NOTE_TOKEN: 'stand-in' };
    sh([...pipeline.default.before_script, ...pipeline[job].script].join('\n'), cwd, { ...env, ...vars, CI_COMMIT_SHA: sh('git rev-parse HEAD', cwd, env).trim() });
  };

  it('reviews a merge request (note, plans) and applies exactly those plans on the default branch', async () => {
    const { repo, env, stop } = await scenario('gitlab');
    try {
      runJob('review', repo.dir, env);
      expect(fs.readFileSync(path.join(stash, 'comment.md'), 'utf8')).toContain('v2');
      uploadPlansAndMerge(repo, env, 'Merge branch feature');
      expect(pending(repo, env)).toContain('v1 → v2');
      runJob('apply', repo.dir, env);
      expect(pending(repo, env)).toContain('no changes');
    } finally {
      stop();
      repo.cleanup();
    }
  }, 120_000);
});
