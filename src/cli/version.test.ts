import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureContext } from './context.js';
import { runCli } from './run-cli.js';
import { packageVersion } from './version.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the version', () => {
  it('is the one in package.json', async () => {
    expect(packageVersion()).toBe(version);
    const ctx = captureContext({ cwd: '/' });
    expect(await runCli(['--version'], ctx)).toBe(0);
    expect(ctx.stdout()).toBe(`${version}\n`);
  });
});
