import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * One secret of each kind: named like one (`api_token`), declared under `secrets:` (`db_dsn`),
 * and declared `type: secret` by the charm (`unseal_material`). Values are upper-case words with
 * dashes, which no digest, number or id can contain, so a find is a leak.
 */
const values = (round: number) => ({
  api_token: `TOKENVALUE-${round}-NAMED`,
  db_dsn: `DSNVALUE-${round}-DECLARED`,
  unseal_material: `UNSEALVALUE-${round}-CHARMTYPED`,
});
const everyValue = [1, 2, 3, 4].flatMap((r) => Object.values(values(r)));

const charm = {
  'charms/vault/metadata.yaml': 'name: vault\nsummary: holds secrets\n',
  'charms/vault/config.yaml': [
    'options:',
    '  label: {type: string, default: v1}',
    '  api_token: {type: string, default: ""}',
    '  db_dsn: {type: string, default: ""}',
    '  unseal_material: {type: secret, description: the charm declares this one secret}',
    '',
  ].join('\n'),
};
const config = 'models:\n  vault:\n    bundle: bundles/vault.yaml\n    secrets: [db_dsn]\n    rollout:\n      batch: 1\n';
const bundle = (round: number) => {
  const v = values(round);
  return `applications:\n  app:\n    charm: ../charms/vault\n    num_units: 2\n    options:\n      label: v${round}\n      api_token: ${v.api_token}\n      db_dsn: ${v.db_dsn}\n      unseal_material: ${v.unseal_material}\n`;
};

let tc: TestController;
let repo: TempRepo;
const outputs: string[] = [];
const cli = async (...args: string[]) => {
  const run = await runCliCaptured(args, { cwd: repo.dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' } });
  outputs.push(`$ ${args.join(' ')}\n${run.out}${run.err}`);
  return run;
};
const ok = async (...args: string[]) => {
  const run = await cli(...args);
  expect([args.join(' '), run.code, run.err]).toEqual([args.join(' '), 0, expect.anything()]);
  return run;
};

beforeAll(async () => {
  tc = await startTestController();
  repo = await createTempRepo({ prefix: 'juju-gitops-secrets-', files: { 'juju-gitops.yaml': config, 'bundles/vault.yaml': bundle(1), ...charm } });
}, 60_000);
afterAll(async () => {
  await tc?.stop();
  repo?.cleanup();
});

describe('secrets of all three kinds', () => {
  it('never appear in any output, file or table, through every command', async () => {
    for (const format of ['text', 'json', 'yaml', 'markdown']) await ok('plan', '--format', format);
    for (const format of ['text', 'json', 'yaml', 'markdown']) await ok('diff', '--format', format);
    await ok('validate');
    await ok('render');
    await ok('plan', '-o', 'plan-1.json');
    await ok('apply', '--dry-run');
    await ok('apply', '--plan', 'plan-1.json');

    await repo.commit('rotate every secret', { 'bundles/vault.yaml': bundle(2) });
    for (const format of ['text', 'json', 'yaml', 'markdown']) await ok('diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', format);
    for (const format of ['text', 'json', 'yaml', 'markdown']) await ok('diff', '--format', format);
    for (const format of ['text', 'yaml']) await ok('diff', 'bundles/vault.yaml', '--model', 'vault', '--format', format);
    await ok('apply', '--dry-run');
    await ok('plan', '-o', 'plan-2.json');
    await ok('apply', '--plan', 'plan-2.json');

    await repo.commit('rotate again', { 'bundles/vault.yaml': bundle(3) });
    await ok('apply', '--events', 'ndjson');
    await repo.commit('and again', { 'bundles/vault.yaml': bundle(4) });
    await ok('apply');

    for (const format of ['text', 'yaml', 'json']) await ok('config', 'app', '--format', format);
    for (const format of ['tabular', 'json', 'yaml']) await ok('status', '--format', format);
    for (const format of ['text', 'json']) await ok('history', '--format', format);

    // The values did reach the units: the test would be blind if nothing had been applied.
    const live = await tc.backend.readModel('vault');
    expect(Object.values(live.applications.app.units).map((u) => u.applied.options.unseal_material)).toEqual([values(4).unseal_material, values(4).unseal_material]);

    const leaks: string[] = [];
    const look = (where: string, text: string) => {
      for (const value of everyValue) {
        if (text.includes(value)) leaks.push(`${where}: ${value}`);
        // Nor an unkeyed hash of it, which a guess could be checked against.
        if (text.includes(createHash('sha256').update(JSON.stringify(value)).digest('hex'))) leaks.push(`${where}: sha256 of ${value}`);
      }
    };
    outputs.forEach((o) => look(o.split('\n')[0], o));
    for (const file of ['plan-1.json', 'plan-2.json']) look(file, fs.readFileSync(path.join(repo.dir, file), 'utf8'));

    const files = fs.readdirSync(tc.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    for (const entry of files) {
      const file = path.join(entry.parentPath, entry.name);
      if (!/controller\.db/.test(entry.name)) look(path.relative(tc.dir, file), fs.readFileSync(file, 'latin1'));
    }
    // Every table, except the state the controller must hold to run the units with.
    // The running controller holds the store exclusively: read a copy of it and its WAL.
    const copy = fs.mkdtempSync(path.join(repo.dir, 'store-copy-'));
    for (const f of ['controller.db', 'controller.db-wal']) fs.copyFileSync(path.join(tc.dir, f), path.join(copy, f));
    const db = new Database(path.join(copy, 'controller.db'), { fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      expect(tables.length).toBeGreaterThan(10);
      const stateColumns: Record<string, string[]> = { applications: ['options'], units: ['applied'], generations: ['applications'] };
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
          for (const [column, value] of Object.entries(row)) {
            if (!stateColumns[name]?.includes(column)) look(`table ${name}.${column}`, String(value));
          }
        }
      }
      const events = db.prepare("SELECT data FROM events WHERE kind = 'config'").all() as { data: string }[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.at(-1)!.data).toMatch(/"unseal_material":"hmac-sha256:[0-9a-f]{12}:[0-9a-f]{64}"/);
    } finally {
      db.close();
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it('render --reveal prints the real values, with a warning on stderr', async () => {
    const { code, out, err } = await cli('render', '--reveal');
    expect(code).toBe(0);
    for (const value of Object.values(values(4))) expect(out).toContain(value);
    expect(err).toContain('warning: --reveal prints secret values in clear (app.api_token, app.db_dsn, app.unseal_material)');
  });
});
