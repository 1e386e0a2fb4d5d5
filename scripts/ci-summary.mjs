// Prints vitest's JSON results (of one run or several) as the plain closing line CI readers know:
// "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    failed++;
    console.error(`no test results at ${file}: the test run did not finish`);
    continue;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests ?? 0;
  failed += (results.numFailedTests ?? 0) + (results.numFailedTestSuites ?? 0);
  skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 || files.length === 0 ? 1 : 0);
