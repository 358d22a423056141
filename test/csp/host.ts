// A host page served with a strict Content-Security-Policy and Trusted Types (see run-e2e.mjs): the
// elements on the in-page server (MemoryBackend), with the demo's fake Meta consent and callback pages
// for the popup flows.
import '../../src/define.js';
import { exposeFakeMeta } from '../../src/mocks/fake-meta-bridge.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { createScenario } from '../../src/mocks/scenarios.js';

const scenario = createScenario('typical');
const backend = new MemoryBackend({
  channels: scenario.channels,
  world: scenario.world,
  consentUrl: new URL('../../demo/fake-meta/consent.html', location.href).href,
});
exposeFakeMeta(backend.server.meta);
document.querySelector('channel-kit-provider')!.backend = backend;
