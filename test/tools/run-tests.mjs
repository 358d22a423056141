// `npm test`: finds (or installs) Chromium, builds the package (the bundle is tested too), runs the
// server's tests (Node's test runner over real HTTP, PGlite and a PostgreSQL it starts itself), the
// browser tests (web-test-runner) and the end-to-end tests (playwright-core on the demo), and ends
// with one line: `N passed, N failed`. Arguments go to web-test-runner (`npm test -- --files …`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './find-chromium.mjs';

const chrome = ensureChromium();
const env = { ...process.env, CHROME_PATH: chrome };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

if (run('npm', ['run', '-s', 'build']) !== 0) {
  console.error('The build failed; the tests need it (the single-file bundle is tested in the browser).');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const read = (file, status) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: status === 0 ? 0 : 1, skipped: 0 };

const serverFile = 'test/.artifacts/server-results.json';
const browserFile = 'test/.artifacts/browser-results.json';
const e2eFile = 'test/.artifacts/e2e-results.json';
for (const file of [serverFile, browserFile, e2eFile]) rmSync(file, { force: true });
// Arguments narrow the run to some browser test files; the server and end-to-end suites then sit out.
const focused = process.argv.length > 2;
const serverStatus = focused ? 0 : run('node', ['test/tools/run-server-tests.mjs']);
const server = focused ? { passed: 0, failed: 0 } : read(serverFile, serverStatus);
const browserStatus = run('npx', ['--no-install', 'web-test-runner', ...process.argv.slice(2)]);
const browser = read(browserFile, browserStatus);
console.log(`Browser tests: ${browser.passed} passed, ${browser.failed} failed, ${browser.skipped} skipped`);

const e2eStatus = focused ? 0 : run('node', ['test/e2e/run-e2e.mjs']);
const e2e = focused ? { passed: 0, failed: 0 } : read(e2eFile, e2eStatus);

const passed = server.passed + browser.passed + e2e.passed;
let failed = server.failed + browser.failed + e2e.failed;
// A runner that failed without counting a failure (it crashed) still fails the run.
if (failed === 0 && (serverStatus !== 0 || browserStatus !== 0 || e2eStatus !== 0)) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
