import { expect } from '@open-wc/testing';
import { loadTranslation } from '../../src/i18n/catalog.js';
import type { MessageKey } from '../../src/i18n/translation.js';
import type { ChannelWire } from '../../src/core/channel.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { InPageServer } from '../../src/mocks/in-page-server.js';
import { useMockServer } from '../support/msw.js';

// The CDN build, exactly as a <script type="module"> user loads it: its entry, and the modules beside
// it that the entry imports when they are first needed. esbuild lowers decorators in the other tests,
// so only this catches a build the browser itself would reject.
const BUNDLE = '/dist/cdn/channel-kit.js';

/** The entry's source and every module it reaches, statically or on demand, by URL. */
async function bundleSources(url = BUNDLE, into = new Map<string, string>()): Promise<Map<string, string>> {
  if (into.has(url)) return into;
  const source = await (await fetch(url)).text();
  into.set(url, source);
  for (const [, path] of source.matchAll(/(?:from|import\(|import)\s*["'`](\.\/[^"'`]+)["'`]/g)) await bundleSources(new URL(path!, new URL(url, location.href)).pathname, into);
  return into;
}

let served = 0;

/** The bundle's own REST adapter, talking to the server core (in this page, behind msw) over HTTP. */
async function bundledBackend(kit: { RestBackend: new (options: { baseUrl: string; readRetries?: number }) => unknown }, channels: ChannelWire[]) {
  const baseUrl = `/api-cdn-${++served}`;
  await useMockServer(createHandlers({ backend: new InPageServer({ channels }), baseUrl }));
  return new kit.RestBackend({ baseUrl, readRetries: 0 }) as { disconnect(id: string): Promise<{ status: string }> };
}

describe('the CDN build (dist/cdn/channel-kit.js and the modules beside it)', () => {
  // First, while the wizard's and the dialogs' English (and so their keys) may not have come yet: a
  // shipped locale's messages are keyed by the first paint's keys alone until then.
  it('shows a page in a shipped locale from its first paint on', async () => {
    const kit = await import(/* @vite-ignore */ BUNDLE);
    const backend = await bundledBackend(kit, []);
    const th = await loadTranslation('th');
    const settings = Object.assign(document.createElement('channel-settings'), { backend, locale: 'th' });
    document.body.append(settings);
    const text = () => settings.shadowRoot?.querySelector('channel-list')?.shadowRoot?.textContent ?? '';
    for (let i = 0; i < 200 && !text().includes(th.emptyTitle); i++) await new Promise((r) => setTimeout(r, 10));
    expect(text()).to.contain(th.emptyTitle).and.contain(th.emptyBody);
    expect(settings.shadowRoot!.querySelector('h2')!.textContent).to.equal(th.channelSettings);
    settings.remove();
  });

  it('loads in the browser with no bare imports left, in any of its modules', async () => {
    const sources = await bundleSources();
    expect([...sources.keys()].some((url) => /add-channel-wizard-[\w-]+\.js$/.test(url)), 'the wizard, a module of its own').to.equal(true);
    expect(sources.get(BUNDLE)!.length).to.be.greaterThan(1000);
    for (const [url, source] of sources) expect(source, url).to.not.match(/(from|import)\s*["'`](lit|zod|@lit)/);
    const kit = await import(/* @vite-ignore */ BUNDLE);
    expect(kit.define).to.be.a('function');
    expect(kit.RestBackend).to.be.a('function');
    expect(kit.MemoryBackend, 'the mocks are channel-kit/mocks, not in the bundle').to.equal(undefined);
  });

  it('carries none of the development warnings; the npm build ships both variants, chosen by the `development` condition', async () => {
    const source = [...(await bundleSources()).values()].join('\n');
    // A phrase of each warning src/core/dev-mode.ts writes.
    for (const phrase of ['has no backend', 'ignored an authorization message', 'callbackOrigin expects', 'its shape is wrong', 'was used already', 'not the state of the authorization']) {
      expect(source.includes(phrase), `"${phrase}" in the bundle`).to.equal(false);
    }
    expect(source.includes('#dev-mode'), 'an import left for a host to resolve').to.equal(false);
    const { imports } = await (await fetch('/package.json')).json();
    const development = await import(/* @vite-ignore */ `/${imports['#dev-mode'].development}`);
    const production = await import(/* @vite-ignore */ `/${imports['#dev-mode'].default}`);
    expect([development.DEV_MODE, production.DEV_MODE]).to.deep.equal([true, false]);
    expect(Object.keys(production).sort()).to.deep.equal(Object.keys(development).sort());
  });

  it('validates and adapts data with the bundled zod', async () => {
    const kit = await import(/* @vite-ignore */ BUNDLE);
    const channel = kit.ChannelSchema.parse({ id: 'a', type: 'telegram', name: 'x', accountId: 'y', status: 'connected' });
    expect(channel.type).to.equal('unknown');
    const backend = await bundledBackend(kit, [{ id: 'a', type: 'facebook', name: 'x', accountId: 'y', status: 'connected' }]);
    expect((await backend.disconnect('a')).status).to.equal('disconnected');
  });

  it('loads a locale on demand, a module of its own', async () => {
    const kit = await import(/* @vite-ignore */ BUNDLE);
    expect((await kit.loadTranslation('th')).addChannel).to.be.a('string').and.not.equal('Add Channel');
  });

  // The build ships each extra locale as its values in English's key order; the sources are keyed.
  for (const locale of ['zh-TW', 'th', 'ja'] as const) {
    it(`${locale}: the shipped catalog says what its source says, key for key`, async () => {
      const kit = await import(/* @vite-ignore */ BUNDLE);
      const shipped = await kit.loadTranslation(locale);
      const source = await loadTranslation(locale);
      expect(Object.keys(shipped)).to.deep.equal(Object.keys(source));
      const say = (message: unknown) => (typeof message === 'function' ? message(3, 5, 'Name') : message);
      for (const key of Object.keys(source) as MessageKey[]) expect(say(shipped[key]), key).to.equal(say(source[key]));
    });
  }

  it('registers the elements, which render and talk to a backend (decorators survived the build)', async () => {
    const kit = await import(/* @vite-ignore */ BUNDLE);
    const backend = await bundledBackend(kit, [{ id: 'a', type: 'instagram', name: 'From the bundle', accountId: 'ig_1', status: 'connected' }]);
    const settings = document.createElement('channel-settings') as HTMLElement & { backend: unknown };
    settings.backend = backend;
    document.body.append(settings);
    const list = () => settings.shadowRoot?.querySelector('channel-list') as (HTMLElement & { channels: unknown[] }) | null;
    for (let i = 0; i < 200 && !list()?.shadowRoot?.textContent?.includes('From the bundle'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(list()!.shadowRoot!.textContent).to.contain('From the bundle');
    // The wizard loads once the page is idle, with no click.
    for (let i = 0; i < 300 && !customElements.get('add-channel-wizard'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(customElements.get('add-channel-wizard')).to.be.a('function');
    settings.remove();
  });

  it('registering twice never throws', async () => {
    const kit = await import(/* @vite-ignore */ BUNDLE);
    const tags = ['channel-kit-provider', 'channel-status-badge', 'channel-list', 'disconnect-dialog', 'reauthorize-dialog', 'add-channel-wizard', 'channel-settings'];
    const registered = (prefix = '') => tags.map((tag) => customElements.get(prefix + tag));
    // What the page shows first is registered on load; the wizard and the dialogs once loaded.
    await kit.define();
    const onLoad = registered();
    for (const [i, element] of onLoad.entries()) expect(element, `${tags[i]} registered`).to.be.a('function');
    expect(() => kit.define(), 'again, the default tags').to.not.throw();
    await kit.define();
    expect(registered(), 'a taken name is left as it was').to.deep.equal(onLoad);
    expect(() => kit.define({ prefix: 'acme' }), 'under a prefix').to.not.throw();
    await kit.define({ prefix: 'acme' });
    const acme = registered('acme-');
    for (const [i, element] of acme.entries()) {
      expect(element, `acme-${tags[i]} registered`).to.be.a('function');
      expect(element, `acme-${tags[i]} is a class of its own`).to.not.equal(onLoad[i]);
    }
    expect(() => kit.define({ prefix: 'acme' }), 'the same prefix again').to.not.throw();
    await kit.define({ prefix: 'acme' });
    expect(registered('acme-')).to.deep.equal(acme);
    expect(registered(), 'the default tags untouched').to.deep.equal(onLoad);
  });
});
