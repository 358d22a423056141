import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, ensureChromium } from './test/tools/find-chromium.mjs';
import { docsAsText, reactAsModules, selfImports } from './test/tools/wtr-plugins.mjs';

const executablePath = ensureChromium();

/** Serves msw's worker at the site root, from the installed msw, so its version always matches. */
const mswWorker = {
  name: 'msw-worker',
  serve(context) {
    if (context.path === '/mockServiceWorker.js') {
      return {
        body: readFileSync('node_modules/msw/lib/mockServiceWorker.js', 'utf8'),
        type: 'js',
        headers: { 'Service-Worker-Allowed': '/' },
      };
    }
  },
};

/** Writes the totals where `npm test` reads them, since wtr prints no plain `N passed, N failed` line. */
function countsReporter() {
  const count = (suite, totals) => {
    for (const test of suite?.tests ?? []) {
      if (test.skipped) totals.skipped++;
      else if (test.passed) totals.passed++;
      else totals.failed++;
    }
    for (const child of suite?.suites ?? []) count(child, totals);
  };
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, files: sessions.length, brokenFiles: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          totals.failed++;
          totals.brokenFiles++;
        }
      }
      mkdirSync('test/.artifacts', { recursive: true });
      writeFileSync('test/.artifacts/browser-results.json', JSON.stringify(totals));
    },
  };
}

export default {
  files: ['test/**/*.test.ts', '!test/server/**'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [mswWorker, selfImports(), reactAsModules(), docsAsText(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS } })],
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countsReporter()],
};
