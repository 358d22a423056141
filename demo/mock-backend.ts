import { setupWorker } from 'msw/browser';
import { MemoryBackend } from '../src/adapters/memory-backend.js';
import { createHandlers } from '../src/mocks/handlers.js';
import { exposeFakeMeta } from '../src/mocks/fake-meta.js';
import { parseFailures } from '../src/mocks/failures.js';
import { createScenario } from '../src/mocks/scenarios.js';
import type { DemoSettings } from './settings.js';

/** Where the demo's mock REST backend answers, next to the page (so the static build works anywhere). */
export const API_BASE = new URL('./api', location.href).pathname;

/**
 * Starts msw in the page with the chosen scenario, viewer, latency and failures. Resolves once the
 * worker controls the page: nothing may fetch before that.
 */
export async function startMockBackend(settings: DemoSettings) {
  const scenario = createScenario(settings.scenario);
  const backend = new MemoryBackend({
    channels: scenario.channels,
    world: scenario.world,
    viewer: { product: settings.product, role: settings.role },
    consentUrl: new URL('./fake-meta/consent.html', location.href).href,
    callbackOrigin: location.origin,
  });
  // The fake Meta consent page (in the popup) plays Meta against this same backend.
  exposeFakeMeta(backend);
  const { plan, unknown } = parseFailures(settings.fail);
  const worker = setupWorker(...createHandlers({ backend, baseUrl: API_BASE, latencyMs: settings.latency, failures: plan }));
  await worker.start({
    serviceWorker: { url: new URL('./mockServiceWorker.js', location.href).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return { backend, worker, unknownFailures: unknown };
}
