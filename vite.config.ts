import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { channelKitDemoApi } from './demo/server/demo-api.js';
import { ELEMENT_LIST } from './src/elements/element-list.js';
import { shippedCatalogs } from './test/tools/shipped-catalogs.js';
import { templateIndentation } from './test/tools/template-indentation.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const external = [/^node:/, /^@electric-sql\/pglite(\/|$)/, /^pg$/, /^lit(\/|$)/, /^@lit\//, /^@lit-labs\//, /^zod(\/|$)/, /^msw(\/|$)/, /^react(\/|$)/, /^react-dom(\/|$)/];

/** One module per element (class, and its registration), so a host pays only for what it imports. */
const elementEntries = Object.fromEntries(
  Object.keys(ELEMENT_LIST).flatMap((name) => [
    [`elements/${name}`, here(`./src/elements/${name}/${name}.ts`)],
    [`elements/${name}/define`, here(`./src/elements/${name}/define.ts`)],
  ]),
);

const DEV_MODE_MODULE = here('./src/core/dev-mode.ts');

/**
 * The development-only module (src/core/dev-mode.ts: warnings that say what is wrong) never reaches a
 * production bundle. The npm build leaves its imports as `#dev-mode` and ships both variants, which
 * package.json's `imports` maps by the `development` condition (so the host's bundler chooses, as it
 * chooses Lit's development build); the CDN bundle and the static demo take the production variant.
 */
function devMode(build: 'npm' | 'production'): Plugin {
  return {
    name: 'channel-kit:dev-mode',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/\/dev-mode(\.js)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved?.id !== DEV_MODE_MODULE) return null;
      return build === 'npm' ? { id: '#dev-mode', external: true } : here('./src/core/dev-mode.production.ts');
    },
    // Vite writes top-level `var`s; esbuild (the size report's bundler, and many hosts') inlines a
    // constant from another module, and so drops `if (DEV_MODE) …`, only when it is a `const`.
    renderChunk(code, chunk) {
      return chunk.name === 'dev-mode.production' ? code.replace(/^var /gm, 'const ') : null;
    },
  };
}

/** msw's worker, served and emitted at the site root from the installed msw (versions stay equal). */
function mswWorker(): Plugin {
  const source = () => readFileSync(here('./node_modules/msw/lib/mockServiceWorker.js'), 'utf8');
  return {
    name: 'channel-kit:msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'mockServiceWorker.js', source: source() });
    },
  };
}

export default defineConfig(({ mode }) => {
  // The CDN build for one <script type="module">: a folder of ES modules, Lit and zod inside. Its
  // entry, channel-kit.js, is what a page needs before its first paint; the wizard, the dialogs, the
  // virtualizer and the extra locales are modules beside it, imported when first needed.
  if (mode === 'cdn') {
    return {
      publicDir: false,
      plugins: [devMode('production'), shippedCatalogs(), templateIndentation()],
      build: {
        outDir: 'dist/cdn',
        emptyOutDir: true,
        copyPublicDir: false,
        target: 'es2022',
        minify: true,
        lib: { entry: here('./src/cdn.ts'), formats: ['es'], fileName: () => 'channel-kit.js' },
        // Library mode leaves whitespace for es output; these files are for <script> users, so all of it goes,
        // and so do the `@__PURE__` annotations (for a bundler's tree-shaking: these files are not bundled again).
        rolldownOptions: {
          preserveEntrySignatures: 'allow-extension',
          output: { minify: true, comments: { annotation: false }, chunkFileNames: '[name]-[hash].js', codeSplitting: { groups: [{ name: 'channel-kit', tags: ['$initial'] }] } },
        },
      },
    };
  }
  // The static demo site (`npm run build:demo`), mock backend included.
  if (mode === 'demo') {
    return {
      root: here('./demo'),
      base: './',
      plugins: [devMode('production'), mswWorker(), shippedCatalogs(), templateIndentation()],
      build: {
        outDir: here('./dist/demo'),
        emptyOutDir: true,
        // The demo carries msw (its mock backend); it is a demo, not a page to ship.
        chunkSizeWarningLimit: 1_000,
        target: 'es2022',
        rolldownOptions: {
          input: {
            main: here('./demo/index.html'),
            consent: here('./demo/fake-meta/consent.html'),
            callback: here('./demo/fake-meta/callback.html'),
          },
        },
      },
    };
  }
  // `vite` (the demo, `npm start`) and `vite build` (the npm build).
  return {
    root: mode === 'production' ? undefined : here('./demo'),
    publicDir: false,
    plugins: mode === 'production' ? [devMode('npm'), shippedCatalogs(), templateIndentation()] : [channelKitDemoApi(), shippedCatalogs(), templateIndentation()],
    server: { port: 5173, strictPort: false, host: '127.0.0.1', fs: { allow: [here('.')] } },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: false,
      lib: {
        entry: {
          index: here('./src/index.ts'),
          define: here('./src/define.ts'),
          mocks: here('./src/mocks/index.ts'),
          'mocks/msw': here('./src/mocks/handlers.ts'),
          server: here('./src/server/index.ts'),
          testing: here('./src/testing/index.ts'),
          'testing/graph-emulator': here('./src/testing/graph-emulator/index.ts'),
          react: here('./src/react/index.ts'),
          // `#dev-mode` (package.json's `imports`): development, and production.
          'dev-mode': DEV_MODE_MODULE,
          'dev-mode.production': here('./src/core/dev-mode.production.ts'),
          ...elementEntries,
        },
        formats: ['es'],
      },
      rolldownOptions: { external, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  };
});
