import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

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
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((f) => !f.startsWith('src/') || testCode.test(f))).toEqual([]);
    const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((p) => testLibraries.test(p))).toEqual([]);
  });
});
