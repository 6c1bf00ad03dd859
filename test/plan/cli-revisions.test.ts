import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';

/** `diff --base --head`: two revisions of a repository compared with no controller at all. */
let repo: TempRepo | undefined;

const config = 'models:\n  web:\n    bundle: bundles/web.yaml\n    secrets: [api-seed]\n';
const bundle = (label: string, seed: string) => `applications:
  appserver:
    charm: appserver
    channel: stable
    num_units: 2
    options: {build_label: ${label}, db-password: ${seed}-pw, api-seed: ${seed}}
  haproxy:
    charm: haproxy
    num_units: 1
relations:
- [haproxy:backend, appserver:http]
`;

const run = (args: string[]) => runCliCaptured(args, { cwd: repo!.dir });

beforeAll(async () => {
  repo = await createTempRepo({
    prefix: 'juju-gitops-diff-',
    files: { 'juju-gitops.yaml': config, 'bundles/web.yaml': bundle('v1', 'alpha') },
    commitMessage: 'base',
  });
  await repo.commit('head', { 'bundles/web.yaml': bundle('v2', 'bravo') });
});

afterAll(() => repo?.cleanup());

describe('juju-gitops diff --base --head', () => {
  it('prints the changes between revisions as juju diff-bundle would, secrets masked', async () => {
    const { code, out } = await run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'yaml', '--exit-code']);
    expect(code).toBe(1);
    expect(out).toBe(`applications:
  appserver:
    options:
      api-seed:
        bundle: (masked)
        model: (masked)
      build_label:
        bundle: v2
        model: v1
      db-password:
        bundle: (masked)
        model: (masked)
`);
  });

  it('says the change rolls unit by unit in the Markdown for a pull request', async () => {
    const { code, out } = await run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown']);
    expect(code).toBe(0);
    expect(out).toContain('| 1 | set application options for appserver | restart |');
    expect(out).not.toMatch(/alpha|bravo/);
  });

  it('exits 0 with --exit-code when nothing differs', async () => {
    const { code, out } = await run(['diff', '--base', 'HEAD', '--head', 'HEAD', '--exit-code']);
    expect(code).toBe(0);
    expect(out).toContain('Model web (controller local): no changes');
  });

  it.each([
    [['diff', '--base', 'HEAD'], '--base and --head go together'],
    [['diff', '--base', 'HEAD', '--head', 'no-such-ref'], 'unknown git revision no-such-ref'],
    [['diff', '--base', 'HEAD', '--head', 'HEAD', '--format', 'xml'], '--format xml'],
    [['diff', 'bundles/web.yaml'], 'a bundle file is compared with one live model'],
  ])('exits 2 on %j', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toContain('    at ');
  });
});
