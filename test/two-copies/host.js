// Three copies of Channel Kit on one page: the single-file bundle twice (two module instances: the
// second URL differs) and the npm build (dist/, run `npm run build` first) bundled into this host.
// None may throw; each works. Plain JavaScript, as the npm build's types sit elsewhere (dist/types).
import { MemoryBackend, define } from '../../dist/index.js';

const backendFor = (name) => ({ id: 'x1', type: 'facebook', name, accountId: 'fb_x', status: 'connected' });

async function main() {
  const root = new URL('/dist/cdn/channel-kit.js', location.href).href;
  const first = await import(/* @vite-ignore */ root);
  const second = await import(/* @vite-ignore */ `${root}?copy=2`);
  second.define({ prefix: 'second' });
  define({ prefix: 'third' });
  define({ prefix: 'third' });

  const mount = (id, kit, name) => {
    const el = document.getElementById(id);
    el.backend = new kit.MemoryBackend({ channels: [backendFor(name)], viewer: { product: 'maac', role: 'owner' } });
  };
  mount('copy-1', first, 'From copy one');
  mount('copy-2', second, 'From copy two');
  mount('copy-3', { MemoryBackend, define }, 'From copy three');
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  document.body.dataset.error = String(error);
  throw error;
});
