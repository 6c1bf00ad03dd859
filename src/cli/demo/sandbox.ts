import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { parseDocument } from 'yaml';
import { GitopsError } from '../../model/errors.js';

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
  const repo = path.join(root, 'repo');
  const controllerDir = path.join(root, 'controller');
  try {
    fs.cpSync(findExamples(), repo, { recursive: true });
    const port = await freePort();
    setOption(repo, 'web', 'haproxy', 'port', port);
    const git = simpleGit(repo);
    await git.init();
    await git.addConfig('user.name', 'juju-gitops demo');
    await git.addConfig('user.email', 'demo@juju-gitops.invalid');
    await git.add('.');
    await git.commit('Import the example repository');
    return {
      root,
      repo,
      controllerDir,
      port,
      async commitOption(model, application, option, value, message) {
        const file = setOption(repo, model, application, option, value);
        await git.add(file);
        return (await git.commit(message)).commit;
      },
      remove: () => fs.rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function setOption(repo: string, model: string, application: string, option: string, value: unknown): string {
  const file = path.join('bundles', `${model}.yaml`);
  const abs = path.join(repo, file);
  const doc = parseDocument(fs.readFileSync(abs, 'utf8'));
  doc.setIn(['applications', application, 'options', option], value);
  fs.writeFileSync(abs, doc.toString());
  return file;
}
