// `npm test`: finds (or installs) Chromium, builds the package (the bundle is tested too), runs the
// browser tests, and ends with one line: `N passed, N failed`.
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

const results = 'test/.artifacts/browser-results.json';
rmSync(results, { force: true });
const status = run('npx', ['--no-install', 'web-test-runner', ...process.argv.slice(2)]);
const totals = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
console.log(`Browser tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
const failed = totals.failed + (status !== 0 && totals.failed === 0 ? 1 : 0);
console.log(`${totals.passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
