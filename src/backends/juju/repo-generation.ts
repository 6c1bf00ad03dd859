import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { GenerationChanges, LiveGeneration } from '../../model/live.js';

/**
 * The open generation of a model as the repository holds it (`generations/<model>.yaml` in the
 * working tree), which on Juju stands in for the controller's own record: Juju keeps none. Only
 * what a read needs is taken (name, creation time, staged changes); a file that cannot be read
 * is no generation here, and the generation commands and reconcile report its problems.
 */
export function readRepoGeneration(repoRoot: string, model: string): LiveGeneration | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(repoRoot, 'generations', `${model}.yaml`), 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = parseYaml(text, { version: '1.1' }) as { name?: unknown; created?: unknown; applications?: unknown } | null;
    if (!doc || typeof doc.name !== 'string') return null;
    const applications = doc.applications && typeof doc.applications === 'object' ? (doc.applications as Record<string, GenerationChanges>) : {};
    return { name: doc.name, createdAt: typeof doc.created === 'string' ? doc.created : '', applications };
  } catch {
    return null;
  }
}
