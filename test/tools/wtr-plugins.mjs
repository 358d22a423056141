// web-test-runner plugins for the tests of what a host meets: the docs' examples import
// `channel-kit` by its package name, the React wrappers need React as an ES module, and the docs
// tests read the Markdown pages as text.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * `channel-kit` and its entry points, resolved to the sources (the same URLs the tests' relative
 * imports use, so one module instance serves both). tsconfig.json's `paths` says the same to tsc.
 */
const SELF_IMPORTS = {
  'channel-kit': '/src/index.ts',
  'channel-kit/define': '/src/define.ts',
  'channel-kit/mocks': '/src/mocks/index.ts',
  'channel-kit/mocks/msw': '/src/mocks/handlers.ts',
  'channel-kit/react': '/src/react/index.ts',
};

export function selfImports() {
  return {
    name: 'channel-kit:self-imports',
    resolveImport({ source }) {
      if (source in SELF_IMPORTS) return SELF_IMPORTS[source];
      const element = /^channel-kit\/elements\/([\w-]+)(\/define)?$/.exec(source);
      if (element) return element[2] ? `/src/elements/${element[1]}/define.ts` : `/src/elements/${element[1]}/${element[1]}.ts`;
      if (source.startsWith('channel-kit/')) throw new Error(`${source}: not an entry point the tests know (test/tools/wtr-plugins.mjs)`);
      return undefined;
    },
  };
}

/**
 * React and react-dom ship CommonJS only: esbuild bundles both into one ES module, once, and `react`
 * and `react-dom/client` become thin modules over it (one React, as an app has).
 */
export function reactAsModules() {
  const require = createRequire(import.meta.url);
  // The names each module exports. React's development build logs while it loads, which the test
  // runner's console does not take, so its (same) exports are read from the production build.
  const modules = {
    react: { path: '/__react/react.js', key: 'React', names: () => Object.keys(require(join(dirname(require.resolve('react')), 'cjs/react.production.js'))) },
    'react-dom/client': { path: '/__react/react-dom-client.js', key: 'ReactDOMClient', names: () => ['createRoot', 'hydrateRoot', 'version'] },
  };
  let bundle;
  return {
    name: 'channel-kit:react-as-modules',
    resolveImport({ source }) {
      return modules[source]?.path;
    },
    async serve(context) {
      if (context.path === '/__react/bundle.js') {
        bundle ??= build({
          stdin: {
            contents: "import * as React from 'react'; import * as ReactDOMClient from 'react-dom/client'; export { React, ReactDOMClient };",
            resolveDir: process.cwd(),
          },
          bundle: true,
          format: 'esm',
          write: false,
          target: 'es2022',
          define: { 'process.env.NODE_ENV': '"development"' },
          logLevel: 'silent',
        }).then((result) => result.outputFiles[0].text);
        return { body: await bundle, type: 'js' };
      }
      for (const { path, key, names } of Object.values(modules)) {
        if (context.path !== path) continue;
        const exported = names().filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
        return {
          body: `import { ${key} } from '/__react/bundle.js';\nexport default ${key};\nexport const { ${exported.join(', ')} } = ${key};\n`,
          type: 'js',
        };
      }
      return undefined;
    },
  };
}

/**
 * `executeServerCommand('channel-kit:docs')` → `{ 'README.md': text, 'docs/theming.md': text, …,
 * 'docs/examples/embed-channel-settings.ts': text }`: the pages and the examples as written.
 */
export function docsAsText() {
  const read = (dir, test) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && test(entry.name))
      .map((entry) => [join(dir, entry.name), readFileSync(join(dir, entry.name), 'utf8')]);
  return {
    name: 'channel-kit:docs-as-text',
    executeCommand({ command }) {
      if (command !== 'channel-kit:docs') return undefined;
      return Object.fromEntries([
        ['README.md', readFileSync('README.md', 'utf8')],
        ...read('docs', (name) => name.endsWith('.md')),
        ...read('docs/examples', () => true),
      ]);
    },
  };
}
