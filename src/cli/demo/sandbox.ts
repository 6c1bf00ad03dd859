import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { GitopsError } from '../../model/errors.js';
import { createTempRepo } from '../../repo/index.js';

/**
 * The examples folder shipped with juju-gitops (itself a GitOps repository), found by walking
 * up from this module, so it is found from the sources and from the compiled `dist/` alike.
 */
export function findExamples(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples');
    if (fs.existsSync(path.join(candidate, 'juju-gitops.yaml'))) return candidate;
    if (path.dirname(dir) === dir) throw new GitopsError('examples-missing', `no examples folder above ${from}`, { hint: 'run the demo from a juju-gitops checkout or a complete install' });
  }
}

export interface Sandbox {
  /** The temporary folder holding everything; removed by `remove`. */
  root: string;
  /** A git repository copied from examples/. */
  repo: string;
  /** Where the demo's own embedded controller keeps its store and unit state. */
  controllerDir: string;
  /** The port haproxy listens on, picked free so the demo never collides with anything. */
  port: number;
  /** Sets an option of an application in bundles/<model>.yaml (comments kept) and commits it. */
  commitOption(model: string, application: string, option: string, value: unknown, message: string): Promise<string>;
  remove(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway copy of examples/ as a fresh git repository, with haproxy moved to a free port,
 * next to an empty controller folder. Nothing outside the temporary folder is touched.
 */
export async function createSandbox(): Promise<Sandbox> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-demo-'));
  try {
    const examples = findExamples();
    const port = await freePort();
    const repo = await createTempRepo({
      dir: path.join(root, 'repo'),
      copy: { '.': examples },
      files: withOption(examples, 'web', 'haproxy', 'port', port),
      commitMessage: 'Import the example repository',
      author: { name: 'juju-gitops demo', email: 'demo@juju-gitops.invalid' },
    });
    return {
      root,
      repo: repo.dir,
      controllerDir: path.join(root, 'controller'),
      port,
      commitOption: (model, application, option, value, message) =>
        repo.commit(message, withOption(repo.dir, model, application, option, value)),
      remove: () => fs.rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** bundles/<model>.yaml of the repository in `dir` with one option set, comments kept. */
function withOption(dir: string, model: string, application: string, option: string, value: unknown): Record<string, string> {
  const file = path.join('bundles', `${model}.yaml`);
  const doc = parseDocument(fs.readFileSync(path.join(dir, file), 'utf8'));
  doc.setIn(['applications', application, 'options', option], value);
  return { [file]: doc.toString() };
}
