import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test, and every CLI it starts, keeps its run stores in one temporary state folder
 * (the default is the user's ~/.local/state), removed when the run ends.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'juju-gitops-test-state-'));
  process.env.JUJU_GITOPS_STATE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
