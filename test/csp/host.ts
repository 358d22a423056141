// A host page served with a strict Content-Security-Policy and Trusted Types (see run-e2e.mjs): the
// elements on the in-memory backend, with the demo's fake Meta consent page for the popup flows.
import { MemoryBackend } from '../../src/adapters/memory-backend.js';
import '../../src/define.js';
import { exposeFakeMeta } from '../../src/mocks/fake-meta.js';
import { createScenario } from '../../src/mocks/scenarios.js';

const scenario = createScenario('typical');
const backend = new MemoryBackend({
  channels: scenario.channels,
  world: scenario.world,
  consentUrl: new URL('../../demo/fake-meta/consent.html', location.href).href,
  callbackOrigin: location.origin,
});
exposeFakeMeta(backend);
document.querySelector('channel-kit-provider')!.backend = backend;
