/// <reference types="vite/client" />
import { RestBackend } from '../src/adapters/rest-backend.js';
import { DEMO_FAIL_HEADER, DEMO_LATENCY_HEADER } from '../src/mocks/demo-faults.js';
import { parseFailures } from '../src/mocks/failures.js';
import { DEMO_VIEWER_HEADER, DEMO_WORKSPACE_HEADER } from './server/demo-headers.js';
import type { DemoSettings } from './settings.js';

/** Where the demo's REST contract answers, next to the page (so the static build works anywhere). */
export const API_BASE = new URL('./api', location.href).pathname;

/** The side panel's setup, sent with every request: the server keeps no state for it. */
export function demoHeaders(settings: DemoSettings): Record<string, string> {
  const headers: Record<string, string> = {
    [DEMO_VIEWER_HEADER]: `${settings.product}:${settings.role}`,
    [DEMO_WORKSPACE_HEADER]: settings.ws ? `${settings.scenario}~${settings.ws}` : settings.scenario,
    [DEMO_LATENCY_HEADER]: String(settings.latency),
  };
  if (settings.fail) headers[DEMO_FAIL_HEADER] = settings.fail;
  return headers;
}

/**
 * The demo's backend: the REST adapter, as a host would use it, carrying the side panel's setup in its
 * headers. Under `npm start` the server answers (channel-kit/server in the Vite dev server); in the
 * static build, the same server core runs in this page behind msw. Resolves once requests can be sent.
 */
export async function startDemoBackend(settings: DemoSettings) {
  // The static build is `vite build --mode demo`. (Not `import.meta.env.PROD`: under `vite` that is
  // true whenever NODE_ENV=production is in the environment, and the page would then ignore its server.)
  if (import.meta.env.MODE === 'demo') {
    const { startInPageServer } = await import('./in-page-backend.js');
    await startInPageServer(settings, API_BASE);
  }
  const headers = demoHeaders(settings);
  const backend = new RestBackend({
    baseUrl: API_BASE,
    // Under `npm start` the list follows the server's changes (another tab, later Meta's webhooks).
    live: import.meta.env.MODE !== 'demo',
    prepareRequest: (request) => {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    },
  });
  return { backend, unknownFailures: parseFailures(settings.fail).unknown };
}
