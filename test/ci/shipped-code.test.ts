import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bundleReach } from '../helpers/bundle-reach.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

/** Test code, benchmarks and test libraries: none of it may reach dist/. */
const testCode = /^(?:test|bench)\/|\.test\.ts$/;
const testLibraries = /^(?:vitest|@vitest\/|playwright|autocannon)/;

// `npm run build` emits two things: tsc's compile of tsconfig.json's program (dist/src) and
// esbuild's bundle of the CLI (dist/cli). Both are checked from their inputs, so the check
// needs no build and cannot pass on a stale dist/.
describe('the shipped build', () => {
  it('compiles only src/, and nothing in it reaches test code', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
    if (!config) throw new Error('tsconfig.json did not parse');
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const emitted = program
      .getSourceFiles()
      .map((f) => relative(f.fileName))
      .filter((f) => !f.startsWith('node_modules/') && !f.startsWith('..'));
    expect(emitted.length).toBeGreaterThan(50);
    expect(emitted.filter((f) => !f.startsWith('src/') || testCode.test(f))).toEqual([]);
  });

  it('bundles the CLI from src/ alone, importing no test library', async () => {
    const { files, packages, dynamicPackages } = await bundleReach('src/cli/main.ts');
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => !f.startsWith('src/') || testCode.test(f))).toEqual([]);
    expect([...packages, ...dynamicPackages].filter((p) => testLibraries.test(p))).toEqual([]);
  });

  it('sees test code and test libraries where a bundle does reach them (the check is not blind)', async () => {
    const { files, packages } = await bundleReach('test/ci/shipped-code.test.ts');
    expect(files.filter((f) => testCode.test(f))).toContain('test/helpers/bundle-reach.ts');
    expect(packages.filter((p) => testLibraries.test(p))).toEqual(['vitest']);
  });
});
