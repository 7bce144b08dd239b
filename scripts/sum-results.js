#!/usr/bin/env node
// Sums jest JSON reports into the closing line CI reads. Build and lint failures (first
// argument) count too, and so does a report that is missing because jest could not run.
// Skipped tests count as failures: CI runs every test.
const { existsSync, readFileSync } = require('node:fs');
const [toolFailures, ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(toolFailures) || 0;
for (const file of reports) {
  if (!existsSync(file)) {
    console.error(`missing test report ${file}`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites + r.numPendingTests + r.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
