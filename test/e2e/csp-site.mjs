// Builds the host pages of test/csp (the elements under a strict Content-Security-Policy and Trusted
// Types, with the demo's fake Meta pages) and test/two-copies (three copies of the SDK on one page).
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from './static-server.mjs';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html channel-kit";

export async function serveCspSite() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const outDir = fileURLToPath(new URL('../.artifacts/csp-site', import.meta.url));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1_000,
      rolldownOptions: {
        input: {
          csp: `${root}test/csp/index.html`,
          twoCopies: `${root}test/two-copies/index.html`,
          consent: `${root}demo/fake-meta/consent.html`,
          callback: `${root}demo/fake-meta/callback.html`,
        },
      },
    },
  });
  // A second copy of the CDN build at a path of its own, as a second version of the SDK would be: the
  // modules one copy loads on demand are that copy's (a query string on the entry would not do: the
  // entry's modules import each other by relative URL, which drops it).
  cpSync(`${root}dist/cdn`, `${outDir}/cdn-copy-2`, { recursive: true });
  const server = await serveStatic(outDir, { 'content-security-policy': STRICT_CSP });
  // The two-copies page needs the project's dist/cdn beside it, and no CSP (two copies of Lit would
  // each create the `lit-html` Trusted Types policy, which needs 'allow-duplicates').
  const plain = await serveStatic(root);
  return {
    url: `${server.url}test/csp/`,
    twoCopiesUrl: `${plain.url}test/.artifacts/csp-site/test/two-copies/`,
    close: () => {
      server.close();
      plain.close();
    },
  };
}
