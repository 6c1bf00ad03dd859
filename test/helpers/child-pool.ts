import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-child.ts');

export interface CliChild {
  process: ChildProcess;
  pid: number;
  /** Resolves with the first stdout line that `match` accepts. */
  line(match: (line: string) => boolean): Promise<string>;
  /** Resolves with the exit code and stderr once the process ends. */
  exited: Promise<{ code: number | null; stderr: string }>;
  run(args: string[], cwd: string): void;
}

function startChild(env: NodeJS.ProcessEnv, started: ChildProcess[]): Promise<CliChild> {
  const child = spawn(process.execPath, ['--import', tsx, script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  const lines = createInterface({ input: child.stdout! });
  const watchers = new Set<(line: string) => void>();
  lines.on('line', (l) => {
    for (const w of watchers) w(l);
  });
  const line = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const watcher = (l: string) => {
        if (!match(l)) return;
        watchers.delete(watcher);
        resolve(l);
      };
      watchers.add(watcher);
      void exited.then(({ code, stderr: err }) => {
        if (watchers.delete(watcher)) reject(new Error(`the CLI exited (${code}) before the line awaited: ${err}`));
      });
    });
  return line((l) => l === 'ready').then(() => ({
    process: child,
    pid: child.pid!,
    line,
    exited,
    run: (args, cwd) => child.stdin!.write(`${JSON.stringify({ args, cwd })}\n`),
  }));
}

/** CLI processes started one ahead of use; `close` kills any left. */
export function childPool(env: NodeJS.ProcessEnv): { take(): Promise<CliChild>; close(): void } {
  const all: ChildProcess[] = [];
  let next: Promise<CliChild> | undefined;
  const start = () => startChild(env, all);
  return {
    async take() {
      const current = next ?? start();
      next = start();
      return current;
    },
    close() {
      for (const c of all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}
