// Measures what a page pays (minified + gzip) against the budgets of issue 14, and fails when a figure
// is over its limit: the critical path (what a page showing <channel-settings> in English downloads
// before its first paint) against its 30 KB budget, each module loaded later against its ceiling (its
// last accepted size plus a small margin, so it can only come down), and the total, reported. A figure
// still over its budget has a ceiling too. Prints one line per figure, in bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as viteBuild } from 'vite';

const limits = JSON.parse(readFileSync(new URL('./size-limits.json', import.meta.url), 'utf8'));
const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const CDN = 'dist/cdn';

/** The relative modules `source` imports: statically (`import … from`), and on demand (`import(…)`). */
function importsOf(source) {
  const found = (pattern) => [...source.matchAll(pattern)].map((match) => match[1].slice(2));
  return {
    static: found(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\s*from\s*)?["'`](\.\/[^"'`]+)["'`]/g),
    lazy: found(/\bimport\(\s*["'`](\.\/[^"'`]+)["'`]\s*\)/g),
  };
}

/** `file` and every module it imports statically, in the CDN folder. */
function closure(file, into = new Set()) {
  if (into.has(file)) return into;
  into.add(file);
  for (const imported of importsOf(readFileSync(join(CDN, file), 'utf8')).static) closure(imported, into);
  return into;
}

const gzOfFiles = (files) => [...files].reduce((sum, file) => sum + gz(readFileSync(join(CDN, file))), 0);
/** A lazy module's name, without its content hash: `add-channel-wizard-BTiSBps7.js` → `add-channel-wizard`. */
const nameOf = (file) => file.replace(/-[\w-]{8}\.js$/, '');

/**
 * The CDN build's figures: its entry's closure (the critical path); each module loaded on demand
 * with what it alone brings (modules two of them share are one figure of their own, named after
 * those that share it); and every file together.
 */
function cdnFigures() {
  const critical = closure('channel-kit.js');
  const figures = { 'critical path, CDN build (dist/cdn/channel-kit.js)': gzOfFiles(critical) };
  // Every module imported on demand, from the entry or from another such module.
  const lazyEntries = [];
  const queue = [...critical];
  while (queue.length) {
    const file = queue.shift();
    for (const imported of importsOf(readFileSync(join(CDN, file), 'utf8')).lazy) {
      if (lazyEntries.includes(imported)) continue;
      lazyEntries.push(imported);
      queue.push(...closure(imported));
    }
  }
  const users = new Map();
  for (const entry of lazyEntries) {
    for (const file of closure(entry)) if (!critical.has(file)) users.set(file, [...(users.get(file) ?? []), nameOf(entry)]);
  }
  const groups = new Map();
  for (const [file, names] of users) {
    const name = names.length === 1 ? `lazy: ${names[0]}` : `lazy: shared by ${names.sort().join(', ')}`;
    groups.set(name, [...(groups.get(name) ?? []), file]);
  }
  for (const [name, files] of [...groups].sort(([a], [b]) => a.localeCompare(b))) figures[name] = gzOfFiles(files);
  figures['total, CDN build (every file in dist/cdn)'] = gzOfFiles(readdirSync(CDN).filter((file) => file.endsWith('.js')));
  return figures;
}

/**
 * What a page showing <channel-settings> loads up front from the npm build through a host's bundler
 * (Vite, building an app that imports \`channel-kit/define\` and the REST adapter; Lit and zod
 * included): the app's entry and every chunk it imports statically (what is imported on demand is not
 * counted).
 */
async function npmCriticalPath() {
  const entry = '\0channel-kit-host-app';
  const output = await viteBuild({
    configFile: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'host-app',
        resolveId: (id) => (id === entry ? entry : id === 'channel-kit' ? resolve('dist/index.js') : id === 'channel-kit/define' ? resolve('dist/define.js') : null),
        load: (id) => (id === entry ? "import 'channel-kit/define'; import { RestBackend } from 'channel-kit'; window.backend = RestBackend;" : null),
      },
    ],
    build: { write: false, minify: true, target: 'es2022', rolldownOptions: { input: entry } },
  });
  const chunks = new Map((Array.isArray(output) ? output : [output]).flatMap((out) => out.output).filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  const counted = new Set();
  const visit = (name) => {
    if (counted.has(name)) return;
    counted.add(name);
    for (const imported of chunks.get(name).imports) visit(imported);
  };
  visit([...chunks.values()].find((chunk) => chunk.isEntry).fileName);
  return [...counted].reduce((sum, name) => sum + gz(chunks.get(name).code), 0);
}

/** The figures, in gzip bytes, of the built package (`npm run build` first). */
export async function measureSizes() {
  const cdn = cdnFigures();
  return { ...cdn, 'critical path, npm build through a bundler (channel-kit/define, RestBackend)': await npmCriticalPath() };
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(report(await measureSizes()));

function report(figures) {
  let failed = 0;
  for (const [name, bytes] of Object.entries(figures)) {
    const limit = limits[name];
    if (!limit) {
      // Every figure but the total has a limit: a new lazy module needs its ceiling written down.
      if (name.startsWith('total')) console.log(`size: ${name}: ${bytes} B = ${kb(bytes)} (reported)`);
      else {
        failed++;
        console.log(`size: ${name}: ${bytes} B = ${kb(bytes)} FAILED: no budget or ceiling in test/tools/size-limits.json`);
      }
      continue;
    }
    const { budget, ceiling } = limit;
    const most = ceiling ?? budget;
    const verdict = bytes > most ? `FAILED: over its ${ceiling ? 'ceiling' : 'budget'}` : budget !== undefined && bytes > budget ? 'over budget, under its ceiling' : 'within its limit';
    if (bytes > most) failed++;
    const stated = [budget !== undefined && `budget ${budget} B`, ceiling && `ceiling ${ceiling} B`].filter(Boolean).join(', ');
    console.log(`size: ${name}: ${bytes} B = ${kb(bytes)} (${stated}) ${verdict}`);
  }
  return failed ? 1 : 0;
}
