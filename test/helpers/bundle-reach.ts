import path from 'node:path';
import { build } from 'esbuild';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface BundleReach {
  /** Every file of the repository the bundle reads, relative to its root (`src/cli/main.ts`). */
  files: string[];
  /** Packages imported statically: loaded as soon as the bundle loads. */
  packages: string[];
  /** Packages imported only by `import()`: paid for when that code runs, not at load. */
  dynamicPackages: string[];
}

/**
 * What the bundle of `entry` (a path from the repository root) pulls in, resolved as esbuild
 * resolves it for `npm run build:cli`, with packages left external as there. It bundles in
 * memory from the sources, so a check built on it needs no build and cannot pass on a stale
 * dist/.
 */
export async function bundleReach(entry: string): Promise<BundleReach> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const packages = new Set<string>();
  const dynamicPackages = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:')) continue;
      (imported.kind === 'dynamic-import' ? dynamicPackages : packages).add(imported.path);
    }
  }
  // A package imported both ways is loaded at startup.
  for (const name of packages) dynamicPackages.delete(name);
  return { files: Object.keys(result.metafile.inputs), packages: [...packages].sort(), dynamicPackages: [...dynamicPackages].sort() };
}
