// Measures what a page pays (minified + gzip) against the budgets in issue 6, and fails when a figure
// is over its budget. A figure still over budget has a ceiling instead (its last accepted size plus
// a small margin), so it can only come down. Prints one line per figure, in bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const limits = JSON.parse(readFileSync(new URL('./size-limits.json', import.meta.url), 'utf8'));
const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * What a page loads up front when it imports `entry` from the npm build, minified as the host's
 * bundler would: the entry and every chunk it imports statically (code loaded on demand, such as
 * the virtualizer and the extra locales, is not counted).
 */
async function upFront(entry, external) {
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
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const texts = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.text]));
  const counted = new Set();
  const visit = (path) => {
    if (counted.has(path)) return;
    counted.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(Object.keys(outputs).find((path) => outputs[path].entryPoint));
  return [...counted].map((path) => texts.get(path)).join('\n');
}

/** A shipped locale chunk of the npm build, minified as the host's bundler would. */
async function localeChunk(locale) {
  const file = readdirSync('dist/chunks').find((name) => name.startsWith(`${locale}-`) && name.endsWith('.js'));
  return (await transform(readFileSync(join('dist/chunks', file), 'utf8'), { minify: true, format: 'esm', target: 'es2022' })).code;
}

/** The figures, in gzip bytes, of the built package (`npm run build` first). */
export async function measureSizes() {
  const figures = {
    'cdn bundle (dist/cdn/channel-kit.js)': gz(readFileSync('dist/cdn/channel-kit.js')),
    'all elements, lit and zod excluded': gz(await upFront('dist/define.js', ['lit', 'lit/*', '@lit/*', '@lit-labs/*', 'zod', 'zod/*'])),
  };
  for (const locale of ['zh-TW', 'th', 'ja']) figures[`locale ${locale}`] = gz(await localeChunk(locale));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await report(await measureSizes()));

function report(figures) {
  let failed = 0;
  for (const [name, bytes] of Object.entries(figures)) {
    const { budget, ceiling } = limits[name];
    const limit = ceiling ?? budget;
    const verdict = bytes > limit ? `FAILED: over its ${ceiling ? 'ceiling' : 'budget'}` : bytes > budget ? 'over budget, under its ceiling' : 'within budget';
    if (bytes > limit) failed++;
    const ceilingNote = ceiling ? `, ceiling ${ceiling} B` : '';
    console.log(`size: ${name}: ${bytes} B = ${kb(bytes)} (budget ${budget} B${ceilingNote}) ${verdict}`);
  }
  return failed ? 1 : 0;
}
