// The server half's tests: Node's own test runner over real HTTP, PGlite and a PostgreSQL cluster it
// starts itself (test/server/support/postgres.ts). Writes its totals to test/.artifacts/server-results.json.
// Arguments narrow the run to some files (`node test/tools/run-server-tests.mjs test/server/store.test.ts`).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync('test/server').filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test/server', f));
mkdirSync('test/.artifacts', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', '--test-reporter-destination=test/.artifacts/server-tap.txt', ...files], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
const { readFileSync } = await import('node:fs');
const tap = readFileSync('test/.artifacts/server-tap.txt', 'utf8');
const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
totals.passed = count('pass');
totals.failed = count('fail') + count('cancelled');
totals.skipped = count('skipped') + count('todo');
if (status !== 0 && totals.failed === 0) totals.failed = 1;
writeFileSync('test/.artifacts/server-results.json', JSON.stringify(totals));
console.log(`Server tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
