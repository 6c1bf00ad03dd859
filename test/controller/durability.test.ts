import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

describe('the store under kill -9', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-durability-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays intact and keeps every acknowledged write when its writer is killed mid-burst', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/write-burst.ts'), dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the writer acknowledged too few writes in time')), 30_000);
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (acked.length >= 150 && !child.killed) {
          child.kill('SIGKILL');
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => resolve());
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    expect(child.signalCode).toBe('SIGKILL');

    const db = new Database(path.join(dir, 'controller.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const apps = new Set(db.prepare('SELECT name FROM applications').all().map((r) => (r as { name: string }).name));
    const notes = new Set(db.prepare("SELECT data FROM run_journal WHERE run_id = 'burst'").all().map((r) => JSON.parse((r as { data: string }).data).n as number));
    const units = db.prepare('SELECT application, count(*) AS n FROM units GROUP BY application').all() as { application: string; n: number }[];
    db.close();
    for (const n of acked) {
      expect(apps.has(`app${n}`)).toBe(true);
      expect(notes.has(n)).toBe(true);
    }
    // A deploy is one transaction: no application was left with only some of its units.
    expect(units.every((u) => u.n === 3)).toBe(true);
  });
});
