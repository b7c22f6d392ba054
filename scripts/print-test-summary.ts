// Prints one closing line `N passed, N failed, N skipped` from vitest's JSON report, and fails when no test ran.
import { readFileSync } from 'node:fs';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
}

const file = process.argv[2] ?? '.cache/test-results.json';
const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
console.log(
  `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
);
process.exit(r.numFailedTests > 0 || r.numPassedTests === 0 ? 1 : 0);
