// Prints the closing `N passed, N failed` line: the tests from vitest's JSON report, and each
// benchmark from bench/all.ts's results as one more pass or failure. A test file that fails to
// load has no failed test of its own, so it counts as one failure; so does a missing report.
import { readFileSync } from 'node:fs';

const [testsFile = 'test-results.json', benchFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const notes = [];

try {
  const report = JSON.parse(readFileSync(testsFile, 'utf8'));
  const brokenFiles = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles;
} catch (error) {
  failed += 1;
  notes.push(`no test report: ${error.message}`);
}

if (benchFile) {
  try {
    const benches = JSON.parse(readFileSync(benchFile, 'utf8'));
    const missed = benches.filter((b) => !b.passed).map((b) => `bench:${b.bench}`);
    passed += benches.length - missed.length;
    failed += missed.length;
    console.log(`benchmarks: ${benches.length - missed.length} passed, ${missed.length} failed${missed.length ? ` (${missed.join(', ')})` : ''}`);
  } catch (error) {
    failed += 1;
    notes.push(`no benchmark results: ${error.message}`);
  }
}

console.log(`${passed} passed, ${failed} failed${notes.length ? ` (${notes.join('; ')})` : ''}`);
