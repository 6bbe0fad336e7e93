#!/usr/bin/env node
/**
 * `npm test`: runs jest (its own summary included) and ends with one line that any CI can read:
 * `N passed, N failed`. Extra arguments go to jest, for example a test path.
 */
/* eslint-disable no-console -- an entry point */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { resolve } = require('node:path');

const root = resolve(__dirname, '..');
const resultsFile = resolve(root, '.test-results.json');
rmSync(resultsFile, { force: true });

const jest = resolve(root, 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A file that failed to load counts as a failure even though none of its tests ran.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
