// Packs the package as npm would publish it, installs the tarball into throwaway hosts — a plain HTML
// page using dist/cdn/channel-kit.js, a React app (channel-kit/react), a Vue app and an Angular app,
// all three built with Vite on channel-kit/mocks' MemoryBackend — and serves them, for the end-to-end
// scenarios to check in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { serveStatic } from './static-server.mjs';

const PLAIN_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Plain host</title><link rel="icon" href="data:," /></head>
  <body>
    <channel-kit-provider><channel-settings></channel-settings></channel-kit-provider>
    <script type="module">
      import { RestBackend, createBackendForHost } from './host.js';
      const provider = document.querySelector('channel-kit-provider');
      provider.backend = createBackendForHost(RestBackend);
      window.hostEvents = [];
      document.addEventListener('channel-action', (event) => window.hostEvents.push(event.type + ':' + event.action));
    </script>
  </body>
</html>`;

// The host's own module: imports the SDK the way a partner's page would. The bundle ships the REST
// adapter; the host's backend here is a few lines answering the contract's reads from a fixed list.
const PLAIN_HOST = `export * from './node_modules/channel-kit/dist/cdn/channel-kit.js';
export function createBackendForHost(RestBackend) {
  const viewer = { product: 'maac', role: 'editor' };
  const channels = [
    { id: 'p1', type: 'facebook', name: 'Packed Page', accountId: 'fb_9', status: 'connected' },
    { id: 'p2', type: 'webchat', name: 'Packed Site', accountId: 'web_9', status: 'connected' },
  ];
  const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const answer = (path) => {
    if (path === '/viewer') return json(viewer);
    if (path === '/channels') return json({ channels, nextCursor: null, total: channels.length });
    const channel = channels.find((c) => path.startsWith('/channels/' + c.id));
    if (channel && path.endsWith('/setup-checks')) return json({ checks: [] });
    if (channel) return json(channel);
    return json({ error: { code: 'not_found', message: 'Not in this host.' } }, 404);
  };
  return new RestBackend({ baseUrl: 'https://host.invalid/api', fetch: async (input) => answer(new URL(String(input)).pathname.slice(4)) });
}`;

const REACT_APP = `import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryBackend } from 'channel-kit/mocks';
import { ChannelKitProvider, ChannelSettings } from 'channel-kit/react';

const backend = new MemoryBackend({
  viewer: { product: 'caac', role: 'owner' },
  channels: [{ id: 'r1', type: 'instagram', name: 'React Shop', accountId: 'ig_9', status: 'connected' }],
});

function App() {
  const [events, setEvents] = useState([]);
  return h('div', null,
    h(ChannelKitProvider, { backend, locale: 'ja' },
      h(ChannelSettings, { onChannelAddRequest: (event) => { event.preventDefault(); setEvents((e) => [...e, event.type]); } })),
    h('output', { id: 'host-events' }, events.join(',')));
}
createRoot(document.getElementById('root')).render(h(App));`;

// Vue, as docs/getting-started.md shows it: the tags declared custom elements, objects bound as DOM
// properties (.prop), events with @ (the runtime compiler stands in for @vitejs/plugin-vue here).
const VUE_APP = `import { createApp, markRaw } from 'vue/dist/vue.esm-bundler.js';
import 'channel-kit/define';
import { MemoryBackend } from 'channel-kit/mocks';

const app = createApp({
  data: () => ({
    backend: markRaw(new MemoryBackend({
      viewer: { product: 'maac', role: 'viewer' },
      channels: [{ id: 'v1', type: 'whatsapp', name: 'Vue Number', accountId: 'wa_9', status: 'connected' }],
    })),
    events: [],
  }),
  template: \`<channel-kit-provider :backend.prop="backend" locale="zh-TW">
      <channel-settings @channel-add-request="onAdd"></channel-settings>
    </channel-kit-provider>
    <output id="host-events">{{ events.join(',') }}</output>\`,
  methods: {
    onAdd(event) {
      event.preventDefault();
      this.events.push(event.type);
    },
  },
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('channel-') || tag.endsWith('-dialog') || tag === 'add-channel-wizard';
app.mount('#root');`;

// Angular, as docs/getting-started.md shows it: a standalone component with CUSTOM_ELEMENTS_SCHEMA,
// the backend bound as a property, events bound with (channel-…). Without the Angular CLI: the JIT
// compiler, decorators called as functions and zoneless change detection stand in for it here.
const ANGULAR_APP = `import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'channel-kit/define';
import { MemoryBackend } from 'channel-kit/mocks';

const App = Component({
  selector: 'app-channels',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`<channel-kit-provider [backend]="backend" locale="th">
      <channel-settings (channel-add-request)="onAdd($event)"></channel-settings>
    </channel-kit-provider>
    <output id="host-events">{{ events.join(',') }}</output>\`,
})(class {
  backend = new MemoryBackend({
    viewer: { product: 'caac', role: 'primary_admin' },
    channels: [{ id: 'a1', type: 'facebook', name: 'Angular Page', accountId: 'fb_8', status: 'connected' }],
  });
  events = [];
  onAdd(event) {
    event.preventDefault();
    this.events = [...this.events, 'angular:' + event.type];
  }
});
bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));`;

export async function preparePackedHosts(projectRoot) {
  const work = mkdtempSync(join(tmpdir(), 'channel-kit-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  const host = join(work, 'host');
  mkdirSync(join(host, 'react'), { recursive: true });
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host', private: true, type: 'module' }));
  const versions = JSON.parse(execFileSync('node', ['-p', "JSON.stringify({r: require('react/package.json').version, d: require('react-dom/package.json').version})"], { cwd: projectRoot, encoding: 'utf8' }));
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', join(work, tarball), `react@${versions.r}`, `react-dom@${versions.d}`, 'vue@^3.5',
      // Angular 21: the newest major whose engines include Node 20 (22 wants Node 22).
      '@angular/core@^21', '@angular/common@^21', '@angular/compiler@^21', '@angular/platform-browser@^21', 'rxjs@^7'],
    { cwd: host, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  writeFileSync(join(host, 'index.html'), PLAIN_PAGE);
  writeFileSync(join(host, 'host.js'), PLAIN_HOST);
  writeFileSync(join(host, 'react', 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>React host</title><link rel="icon" href="data:," /></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(host, 'react', 'main.js'), REACT_APP);
  mkdirSync(join(host, 'vue'), { recursive: true });
  writeFileSync(join(host, 'vue', 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Vue host</title><link rel="icon" href="data:," /></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(host, 'vue', 'main.js'), VUE_APP);
  mkdirSync(join(host, 'angular'), { recursive: true });
  writeFileSync(join(host, 'angular', 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Angular host</title><link rel="icon" href="data:," /></head><body><app-channels></app-channels><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(host, 'angular', 'main.js'), ANGULAR_APP);
  for (const framework of ['react', 'vue', 'angular']) {
    // chunkSizeWarningLimit: the Angular app, with its JIT compiler, is one 1.1 MB chunk, as expected.
    await build({ root: join(host, framework), configFile: false, logLevel: 'warn', base: './', build: { outDir: join(host, `${framework}-dist`), emptyOutDir: true, chunkSizeWarningLimit: 2048 } });
  }
  const server = await serveStatic(resolve(host));
  return {
    plainUrl: server.url,
    reactUrl: `${server.url}react-dist/`,
    vueUrl: `${server.url}vue-dist/`,
    angularUrl: `${server.url}angular-dist/`,
    close: () => {
      server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
