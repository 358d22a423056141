// End-to-end: starts the demo exactly as `npm start` does, and drives it in Chromium like a person
// would (playwright-core). Writes its totals to test/.artifacts/e2e-results.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, watch as watchFiles, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/find-chromium.mjs';
import { scenarios } from './scenarios.mjs';
import { serveCspSite } from './csp-site.mjs';
import { preparePackedHosts } from './packed-package.mjs';
import { serveStatic } from './static-server.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const withoutNodeEnv = ({ NODE_ENV: _, ...env }) => env;

/** `npm start`'s Meta settings and the Graph API emulator, from their TypeScript sources. */
const demoMeta = await tsImport('../../demo/server/demo-meta.ts', import.meta.url);

/** `metaUrl`: the demo's server speaks to that running Graph API emulator instead of starting its own. */
async function startDemo({ metaUrl } = {}) {
  const port = await freePort();
  // The demo's server keeps its data on disk: a fresh directory for this run, removed afterwards.
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-kit-demo-data-'));
  // NO_COLOR: with CI set, Vite colours its output, which splits the address it prints.
  const demo = spawn('npm', ['start', '--', '--port', String(port), '--strictPort'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // Not NODE_ENV: the Vite builds in this process set it to production, and `npm start` is development.
    env: { ...withoutNodeEnv(process.env), NO_COLOR: '1', CHANNEL_KIT_DEMO_DATA: dataDir, ...(metaUrl ? { CHANNEL_KIT_DEMO_META_URL: metaUrl } : {}) },
  });
  const stop = async () => {
    process.kill(-demo.pid, 'SIGTERM');
    if (demo.exitCode === null) await Promise.race([new Promise((resolve) => demo.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let output = '';
  // eslint-disable-next-line no-control-regex -- removes terminal colour codes
  const append = (chunk) => (output += String(chunk).replace(/\u001b\[[0-9;]*m/g, ''));
  demo.stdout.on('data', append);
  demo.stderr.on('data', append);
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    if (output.includes(url)) return { url, stop, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the demo did not start:\n${output}`);
}

const only = process.argv.slice(2);
const build = spawnSync('npm', ['run', '-s', 'build:demo', '--', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build:demo failed');
const staticSite = await serveStatic('dist');
let packedHosts;
let cspSite;
const csp = async () => (cspSite ??= await serveCspSite());
// Packing and installing takes a while: only the scenario that needs it pays.
const packed = async () => (packedHosts ??= await preparePackedHosts(process.cwd()));
const demo = await startDemo();
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')) });
const totals = { passed: 0, failed: 0, skipped: 0 };
// The demo runs on Vite's dev server, which reloads the page when a source file changes and restarts
// when its config does: a scenario that fails while the tree was being edited names the files, since
// the page it drove was reloaded under it (a dialog gone, a button never found, a refused request).
const edits = [];
const editWatchers = [['src', true], ['demo', true], ['test/tools', true], ['.', false]].map(([dir, recursive]) =>
  watchFiles(dir, { recursive }, (_, file) => file && edits.push({ at: Date.now(), file: join(dir, String(file)) })),
);
try {
  for (const [name, run] of Object.entries(scenarios)) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    // A scenario that makes the server refuse on purpose says which failed loads it expects (the
    // browser reports each on the console); any other console error fails it.
    const expected = [];
    const expectFailedLoads = (urlPattern, status) => expected.push({ urlPattern, status });
    const isExpected = (m) =>
      expected.some(({ urlPattern, status }) => urlPattern.test(m.location().url ?? '') && m.text().includes(`status of ${status} `));
    const watch = (p) => {
      p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      p.on('console', (m) => m.type() === 'error' && !isExpected(m) && problems.push(`console error: ${m.text()} (${m.location().url})`));
    };
    watch(page);
    context.on('page', watch);
    const started = Date.now();
    // A demo server of its own, on a fresh data directory, for a scenario that runs Meta's consent (see
    // scenarios.mjs); given an emulator (`graphEmulator()`), the server speaks to that one.
    const own = [];
    const emulators = [];
    const freshDemo = async ({ meta } = {}) => {
      const fresh = await startDemo({ metaUrl: meta?.url });
      own.push(fresh);
      return fresh.url;
    };
    // A Graph API emulator holding the demo's world, for the scenario to inject errors, read calls and send webhooks.
    const graphEmulator = async () => {
      const emulator = await demoMeta.startDemoGraphEmulator();
      emulators.push(emulator);
      return emulator;
    };
    try {
      await run({ page, context, url: demo.url, freshDemo, graphEmulator, demoMeta, expectFailedLoads, staticUrl: staticSite.url, packed, csp });
      if (problems.length) throw new Error(problems.join('\n'));
      totals.passed++;
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      totals.failed++;
      console.log(`  ✗ ${name}\n    ${String(error.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
      // What the page said before it failed, when the failure was something else (e.g. a timeout).
      if (problems.length && !String(error.message).startsWith(problems[0])) console.log(`    ${problems.slice(0, 5).join('\n    ')}`);
      const edited = [...new Set(edits.filter(({ at }) => at >= started).map(({ file }) => file))];
      if (edited.length) console.log(`    changed while it ran (the dev server reloads the page, or restarts): ${edited.slice(0, 5).join(', ')}`);
      await page.screenshot({ path: `test/.artifacts/e2e-${name.replace(/\W+/g, '-')}.png` }).catch(() => {});
    } finally {
      await context.close();
      for (const fresh of own) {
        if (process.env.E2E_DEBUG) console.log(fresh.output());
        await fresh.stop();
      }
      for (const emulator of emulators) await emulator.close();
    }
  }
} finally {
  for (const watcher of editWatchers) watcher.close();
  await browser.close();
  await demo.stop();
  staticSite.close();
  packedHosts?.close();
  cspSite?.close();
}
mkdirSync('test/.artifacts', { recursive: true });
writeFileSync('test/.artifacts/e2e-results.json', JSON.stringify(totals));
console.log(`End-to-end: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
