// Prints the closing `N passed, N failed` line from vitest's JSON report. A test file that
// fails to load has no failed test of its own, so it counts as one failure.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results.json';
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const brokenFiles = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
} catch (error) {
  console.log(`0 passed, 1 failed (no test report: ${error.message})`);
}
