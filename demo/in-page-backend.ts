import { setupWorker } from 'msw/browser';
import { exposeFakeMeta } from '../src/mocks/fake-meta-bridge.js';
import { createHandlers } from '../src/mocks/handlers.js';
import { InPageServer } from '../src/mocks/in-page-server.js';
import { createScenario } from '../src/mocks/scenarios.js';
import { demoPolicy } from './demo-policy.js';
import type { DemoSettings } from './settings.js';

/**
 * The static build's backend (no server behind a static file host): the server core in this page, over
 * memory and the fake Meta, behind msw at `apiBase`. The latency and failures arrive in each request's
 * demo headers, as on the real server; the viewer and the scenario are this page's settings (changing
 * them reloads the page). Resolves once the worker controls the page: nothing may fetch before that.
 */
export async function startInPageServer(settings: DemoSettings, apiBase: string) {
  const scenario = createScenario(settings.scenario);
  const server = new InPageServer({
    channels: scenario.channels,
    world: scenario.world,
    viewer: { product: settings.product, role: settings.role },
    policy: demoPolicy(),
    workspaceId: settings.ws ? `${settings.scenario}~${settings.ws}` : settings.scenario,
    consentUrl: new URL('./fake-meta/consent.html', location.href).href,
    publicUrl: new URL('./api', location.href).href,
  });
  // The fake Meta consent page (in the popup) reaches this page's fake Meta through its opener.
  exposeFakeMeta(server.meta);
  const worker = setupWorker(...createHandlers({ backend: server, baseUrl: apiBase }));
  await worker.start({
    serviceWorker: { url: new URL('./mockServiceWorker.js', location.href).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return { server, worker };
}
