import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusBundles } from '../helpers/corpus.js';
import { makeCase, mutationNames } from './mutate.js';
import { runCase, type CaseOutcome } from './run-case.js';

/**
 * A bounded, seeded fuzz run over the real corpus: the same cases every run (change the seed
 * with JUJU_GITOPS_FUZZ_SEED to explore; `npm run bench:fuzz` runs 10,000+).
 */
const seed = Number(process.env.JUJU_GITOPS_FUZZ_SEED ?? 20261129);
const cases = 200;
const corpus = fs.readdirSync(corpusBundles).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(corpusBundles, f), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe(`${cases} mutated real bundles (seed ${seed})`, () => {
  it('never throw, never hang, put a position on every error about a file, and never read outside the repository', async () => {
    const outcomes: CaseOutcome[] = [];
    for (let i = 0; i < cases; i++) outcomes.push(await runCase(makeCase(seed, i, corpus), work));
    const problems = outcomes.filter((o) => o.problem).map((o) => `case ${o.index} (${o.mutation}): ${o.problem} ${o.detail ?? ''}`);
    expect(problems).toEqual([]);
    // Not blind: every kind of mutation ran, some cases still loaded and some were refused.
    expect(new Set(outcomes.map((o) => o.mutation))).toEqual(new Set(mutationNames));
    expect(outcomes.some((o) => o.valid)).toBe(true);
    expect(outcomes.some((o) => !o.valid)).toBe(true);
    expect(fs.readdirSync(work)).toEqual([]);
  }, 240_000);
});
