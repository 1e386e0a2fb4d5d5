// Prints vitest's JSON results as the plain closing line CI readers know: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test results at ${file}: the test run did not finish`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const passed = results.numPassedTests ?? 0;
const failed = (results.numFailedTests ?? 0) + (results.numFailedTestSuites ?? 0);
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
