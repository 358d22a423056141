// Three copies of Channel Kit on one page: the CDN build twice (the second a copy of dist/cdn at
// another path, which test/e2e/csp-site.mjs makes: two module instances) and the npm build (dist/,
// run `npm run build` first) bundled into this host.
// None may throw; each works. Plain JavaScript, as the npm build's types sit elsewhere (dist/types).
import { define } from '../../dist/index.js';
import { MemoryBackend } from '../../dist/mocks.js';

const channelsFor = (name) => [{ id: 'x1', type: 'facebook', name, accountId: 'fb_x', status: 'connected' }];
const viewer = { product: 'maac', role: 'owner' };

async function main() {
  const root = new URL('/dist/cdn/channel-kit.js', location.href).href;
  const first = await import(/* @vite-ignore */ root);
  const second = await import(/* @vite-ignore */ new URL('/test/.artifacts/csp-site/cdn-copy-2/channel-kit.js', location.href).href);
  second.define({ prefix: 'second' });
  define({ prefix: 'third' });
  define({ prefix: 'third' });

  // The bundle ships the REST adapter (no mocks): each copy's own adapter talks to a server core in this page.
  const bundled = (kit, name) => {
    const { server } = new MemoryBackend({ channels: channelsFor(name), viewer });
    return new kit.RestBackend({ baseUrl: server.publicUrl, readRetries: 0, fetch: (input, init) => server.fetch(new window.Request(input, init)) });
  };
  document.getElementById('copy-1').backend = bundled(first, 'From copy one');
  document.getElementById('copy-2').backend = bundled(second, 'From copy two');
  // The npm build, with channel-kit/mocks' in-memory backend.
  document.getElementById('copy-3').backend = new MemoryBackend({ channels: channelsFor('From copy three'), viewer });
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  document.body.dataset.error = String(error);
  throw error;
});
