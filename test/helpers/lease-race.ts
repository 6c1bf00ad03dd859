import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Races one process per racer for model `web`'s lease (see race-lease.ts): each is started,
 * says it is ready, and all are let go at once. Returns each racer's outcome once every process
 * has exited.
 */
export async function raceForLease(kind: 'run-file' | 'git-ref', racers: { name: string; where: string }[]): Promise<{ name: string; acquired: boolean }[]> {
  const script = path.join(import.meta.dirname, 'race-lease.ts');
  const children = racers.map(({ name, where }) => spawn(process.execPath, ['--import', 'tsx', script, kind, where, name], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const exited = children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve))));
  const outputs = children.map((child) => readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  try {
    for (const lines of outputs) {
      const first = (await lines.next()).value;
      if (first !== 'ready') throw new Error(`a racer said ${JSON.stringify(first)} instead of ready`);
    }
    for (const child of children) child.stdin.end('go\n');
    return await Promise.all(outputs.map(async (lines) => JSON.parse((await lines.next()).value as string) as { name: string; acquired: boolean }));
  } catch (error) {
    // A racer that failed leaves the others waiting for "go": none is left running.
    for (const child of children) child.kill();
    throw error;
  } finally {
    await Promise.all(exited);
  }
}
