// `npm run bench`: builds the benchmark page for production, serves it, and in one Chromium run mounts
// <channel-list> and the plain-DOM baseline at 100, 1,000, 10,000 and 100,000 rows; then times every
// click of the three scenarios under a 4× CPU slowdown, and the bundle sizes. Its last line is one
// JSON object: {"list":[{"rows":N,"mountMs":x,"baselineMs":y,"filterMs":z,"heapMB":h},…],
// "interactions":{"slowdown":4,"rounds":r,"wizard":{…},"floors":{"windowOpenMs":…,"showModalMs":…,"closeMs":…,…},
// "clicks":[{…,"floor":"showModal"|"windowOpen"|"close"|null,"floorMs":f,"ownMs":o,"met":b},…],"maxClickMs":m,
// "maxOwnMs":o,"targets":{…}},"sizes":{…},
// "server":{"pglite":{…},"postgres":{…}}}. The server figures come from `server-bench.ts`, run last as
// a child process (its own closing JSON line merged here; see docs/performance.md, "The server").
// `--quick` measures 100 and 1,000 rows only, 2 rounds of clicks (5 in full), and fewer server rounds
// (for CI). A click over its target is reported, not a failure. Needs `npm run build`
// (for the sizes).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/find-chromium.mjs';
import { measureSizes } from '../tools/size-report.mjs';
import { measureInteractions } from './interactions.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const outDir = fileURLToPath(new URL('../.artifacts/bench', import.meta.url));
const quick = process.argv.includes('--quick');
const rowCounts = quick ? [100, 1_000] : [100, 1_000, 10_000, 100_000];
const round = (n) => Math.round(n * 100) / 100;

await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' } });
const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const url = server.resolvedUrls.local[0];

const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')) });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const cdp = await page.context().newCDPSession(page);
page.on('pageerror', (error) => console.error('page error:', error.message));
await page.goto(url);
await page.waitForFunction(() => typeof window.mountList === 'function');

async function heapMB() {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1_048_576;
}

// A first round that is thrown away, so neither side pays the page's one-time costs (parsing,
// compiling, the first style recalculation) inside a measurement.
await page.evaluate(async () => {
  await window.prepare(100);
  await window.measureBaseline();
  await window.mountList();
  await window.clear();
});

const results = [];
// This machine is noisy: each figure is the median of several runs, baseline and list alternating.
const repeatsFor = (rows) => (rows <= 1_000 ? 7 : rows <= 10_000 ? 3 : 1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const rows of rowCounts) {
  await page.evaluate((n) => window.prepare(n), rows);
  const baselines = [];
  const mounts = [];
  let heap = 0;
  let filterMs = 0;
  let scrolled = false;
  for (let run = 0; run < repeatsFor(rows); run++) {
    baselines.push(await page.evaluate(() => window.measureBaseline()));
    await page.evaluate(() => window.clear());
    const emptyHeap = await heapMB();
    mounts.push(await page.evaluate(() => window.mountList()));
    if (run === 0) {
      heap = (await heapMB()) - emptyHeap;
      filterMs = await page.evaluate(() => window.measureSearch());
      scrolled = await page.evaluate(() => window.scrollToEnd());
    }
    await page.evaluate(() => window.clear());
  }
  const mountMs = median(mounts);
  const baselineMs = median(baselines);
  const row = { rows, mountMs: round(mountMs), baselineMs: round(baselineMs), filterMs: round(filterMs), heapMB: round(heap) };
  console.log(`${rows} rows: mount ${row.mountMs} ms (baseline ${row.baselineMs} ms, ratio ${round(mountMs / baselineMs)}; medians of ${mounts.length}), search keystroke ${row.filterMs} ms, heap +${row.heapMB} MB, scrolled to the end: ${scrolled}`);
  if (!scrolled) console.error(`${rows} rows: scrolling to the end did not render the last row`);
  results.push(row);
}

await page.close();
// Scenario passes alternating with floor passes (see interactions.mjs); each click is the median of its passes.
const interactions = await measureInteractions(browser, { rounds: quick ? 2 : 5 });
const { floors } = interactions;
console.log(
  `floors (4× slowdown, medians of ${floors.samples.showModal} each): window.open ${floors.windowOpenMs} ms, showModal() of a ${floors.dialogElements}-element dialog ${floors.showModalMs} ms (the open wizard: ${floors.wizardElements.join(', ')} elements), close() ${floors.closeMs} ms`,
);
const floorNames = { windowOpen: 'window.open', showModal: 'showModal()', close: 'close()' };
for (const click of interactions.clicks) {
  const floor = click.floor ? `floor ${floorNames[click.floor]} ${click.floorMs} ms, own cost ${click.ownMs} ms` : 'no floor';
  console.log(`${click.scenario}: "${click.click}" ${click.ms} ms to the next paint (${click.settledMs} ms to the next ordinary task), ${floor}; ${click.met ? 'within' : 'over'} 50 ms (4× slowdown, median of ${click.runs})`);
}
const { ownCostWithFloor: own, noFloorOutright: outright } = interactions.targets;
const over = (floored) => interactions.clicks.filter((c) => !c.met && Boolean(c.floor) === floored).map((c) => `${c.scenario} "${c.click}"`).join(', ');
console.log(`target: own cost ≤ 50 ms at 4× for the ${own.clicks} clicks with a floor: ${own.met ? 'met' : `NOT met (${own.over} over: ${over(true)})`}`);
console.log(`target: ≤ 50 ms at 4× for the ${outright.clicks} clicks without a floor: ${outright.met ? 'met' : `NOT met (${outright.over} over: ${over(false)})`}`);
console.log(`wizard: open ${interactions.wizard.openMs} ms, type step ${interactions.wizard.typeStepMs} ms, Meta's Continue to the result ${interactions.wizard.authorizeToResultMs} ms`);
const sizes = await measureSizes();

await browser.close();
await new Promise((resolve) => server.httpServer.close(resolve));
// After the browser has gone, so the two benchmarks never share the CPU.
const serverFigures = await runServerBench();
console.log(JSON.stringify({ list: results, interactions, sizes, server: serverFigures }));

/**
 * Runs `server-bench.ts` (HTTP server over PGlite and PostgreSQL) in its own process, echoing its lines,
 * and returns the `server` object of its closing JSON line; `{ error }` (and a failing exit code) if
 * it could not run.
 */
async function runServerBench() {
  const script = fileURLToPath(new URL('./server-bench.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(quick ? ['--quick'] : [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let last = null;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{')) last = line;
    else console.log(line);
  }
  const { code, signal, error } = await exited;
  try {
    if (error) throw error;
    if (code !== 0) throw new Error(`it exited with ${signal ?? `code ${code}`}`);
    const parsed = JSON.parse(last ?? '');
    if (!parsed || typeof parsed.server !== 'object') throw new Error('its last line has no "server" object');
    return parsed.server;
  } catch (failure) {
    const message = `the server benchmark failed: ${failure instanceof Error ? failure.message : String(failure)}`;
    console.error(message);
    process.exitCode = 1;
    return { error: message };
  }
}
