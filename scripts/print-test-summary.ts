// Prints one closing line `N passed, N failed, N skipped` from vitest's JSON report, and fails when no test ran.
import { readFileSync } from 'node:fs';

interface Report {
  testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
}

const file = process.argv[2] ?? '.cache/test-results.json';
const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
// A file that fails before its tests run (a hook, an import) fails no test of its own: count it as one failure.
const brokenFiles = r.testResults.filter(
  (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
).length;
const failed = r.numFailedTests + brokenFiles;
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
// In CI nothing may be skipped: a skipped test proves nothing, and a missing tool must fail loudly, not quietly.
if (process.env['CI'] === 'true' && skipped > 0)
  console.error(`CI=true: ${skipped} skipped test(s) count as failures`);
const skipFails = process.env['CI'] === 'true' && skipped > 0;
process.exit(failed > 0 || skipFails || r.numPassedTests === 0 ? 1 : 0);
