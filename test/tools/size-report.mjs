// Measures what a page pays (minified + gzip), against the budgets in issue 6, and fails when a
// figure grows past its ceiling (the last accepted figure plus a small margin): sizes can only
// come down. Prints one line per figure.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const limits = JSON.parse(readFileSync(new URL('./size-limits.json', import.meta.url), 'utf8'));
const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** What a page loads up front for `entry` (code loaded on demand, such as the virtualizer, is not counted). */
async function bundle(entry, external = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: 'size-report-out',
    minify: true,
    format: 'esm',
    write: false,
    target: 'es2022',
    external,
    tsconfig: 'tsconfig.json',
    conditions: ['production'],
    logLevel: 'silent',
  });
  const name = entry.split('/').pop().replace(/\.ts$/, '.js');
  return result.outputFiles.find((file) => file.path.endsWith(`/${name}`)).text;
}

/** The figures, in gzip bytes (needs `npm run build` first, for the CDN bundle). */
export async function measureSizes() {
  const figures = {
    'cdn bundle (dist/cdn/channel-kit.js)': gz(readFileSync('dist/cdn/channel-kit.js')),
    'all elements, lit and zod excluded': gz(await bundle('src/define.ts', ['lit', 'lit/*', '@lit/*', 'zod', 'zod/*'])),
  };
  for (const locale of ['zh-TW', 'th', 'ja']) figures[`locale ${locale}`] = gz(await bundle(`src/i18n/locales/${locale}.ts`));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await report(await measureSizes()));

function report(figures) {
  let failed = 0;
  for (const [name, bytes] of Object.entries(figures)) {
    const { budget, ceiling } = limits[name];
    const verdict = bytes > ceiling ? 'FAILED: grew past its ceiling' : bytes > budget ? 'over budget' : 'within budget';
    if (bytes > ceiling) failed++;
    console.log(`size: ${name}: ${kb(bytes)} (budget ${kb(budget)}, ceiling ${kb(ceiling)}) ${verdict}`);
  }
  return failed ? 1 : 0;
}
