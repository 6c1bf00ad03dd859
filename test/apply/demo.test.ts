import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import { repoRoot } from './fixture.js';

describe('juju-gitops demo', () => {
  it('rolls a good build with zero failed requests, stops a bad one at its first unit, and leaves nothing behind', async () => {
    const ctx = captureContext({ cwd: repoRoot });
    const code = await runCli(['demo'], ctx);
    const out = ctx.stdout();
    expect(ctx.stderr()).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/During that rollout: \d+ requests through haproxy, 0 failed/);
    expect(out).toMatch(/rollout stopped: unit appserver\/\d failed its status check/);
    expect(out).toMatch(/During the failed rollout: \d+ requests through haproxy, 0 failed/);
    const sandbox = /repository (\S+)\/repo/.exec(out)?.[1];
    expect(sandbox).toBeDefined();
    expect(fs.existsSync(sandbox!)).toBe(false);
  }, 90_000);
});
