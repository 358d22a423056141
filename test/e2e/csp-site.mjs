// Builds test/csp (a host page on the in-memory backend) with the demo's fake Meta pages, and serves
// it with a strict Content-Security-Policy and Trusted Types.
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
          consent: `${root}demo/fake-meta/consent.html`,
          callback: `${root}demo/fake-meta/callback.html`,
        },
      },
    },
  });
  const server = await serveStatic(outDir, { 'content-security-policy': STRICT_CSP });
  return { url: `${server.url}test/csp/`, close: server.close };
}
