import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const { forbidden } = (await import(config)).default as { forbidden: { name: string }[] };

/**
 * A tree that breaks each rule of .dependency-cruiser.cjs once (`npm test` checks that src/
 * breaks none): every rule must fire on it, or a rule the config generates has gone blind.
 */
const tree: Record<string, string> = {
  'src/model/types.ts': "import { plan } from '../plan/plan.js';\nexport const types = plan;",
  'src/plan/plan.ts': 'export const plan = 1;',
  'src/stray/loose.ts': "import { plan } from '../plan/plan.js';\nexport const loose = plan;",
  'src/apply/run.ts': "import { impl } from '../backends/local/impl.js';\nexport const run = impl;",
  'src/backends/backend.ts': "import { impl } from './local/impl.js';\nexport const backend = impl;",
  'src/backends/local/impl.ts': 'export const impl = 1;',
  'src/bundle/one.ts': "import { two } from './two.js';\nexport const one = () => two();",
  'src/bundle/two.ts': "import { one } from './one.js';\nexport const two = () => one();",
  'src/controller/agent/start.ts': "import { op } from '../ops/op.js';\nexport const start = op;",
  'src/controller/ops/op.ts': "import { done } from '../agent/done.js';\nexport const op = done;",
  'src/controller/agent/done.ts': 'export const done = 1;',
  'src/repo/read.ts': "import { fixture } from '../../test/fixture.js';\nexport const read = fixture;",
  'test/fixture.ts': 'export const fixture = 1;',
  'src/watch/fine.ts': "import { run } from '../apply/run.js';\nexport const fine = run;",
};

describe('the layering rules', () => {
  let dir: string;
  let violations: { rule: { name: string }; from: string; to: string }[];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-layering-'));
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), `${text}\n`);
    }
    fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    // depcruise exits non-zero when it finds violations: here that is the point.
    const out = await promisify(execFile)(depcruise, ['src', '--config', config, '--output-type', 'json'], { cwd: dir }).catch((e: { stdout: string }) => e);
    violations = (JSON.parse(out.stdout) as { summary: { violations: typeof violations } }).summary.violations;
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const others = forbidden.map((r) => r.name).filter((name) => !name.startsWith('layer-'));
  it.each(['layer-model', ...others])('%s fires on the tree that breaks it', (rule) => {
    expect(violations.map((v) => v.rule.name)).toContain(rule);
  });

  it('flags only what breaks a rule: a layer importing what it may is left alone', () => {
    expect(violations.filter((v) => v.from.startsWith('src/watch/'))).toEqual([]);
  });
});
