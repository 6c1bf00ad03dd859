import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The version in juju-gitops's package.json, found by walking up from this module: it sits two
 * folders up in the sources (src/cli) and three in the build (dist/src/cli) and the package.
 */
export function packageVersion(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up += 1, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'juju-gitops' && pkg.version) return (cached = pkg.version);
    } catch {
      // No package.json at this level; look further up.
    }
  }
  return (cached = 'unknown');
}
