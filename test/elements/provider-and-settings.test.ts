import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { ChannelKitProvider } from '../../src/elements/channel-kit-provider/channel-kit-provider.js';
import { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { FIRST_PAINT_ELEMENTS } from '../../src/elements/first-paint-elements.js';
import { define } from '../../src/registration.js';
import { typicalOptions } from '../support/backends.js';
import { listOf, mountSettings, settled, textOf, until } from '../support/fixtures.js';

describe('<channel-kit-provider>', () => {
  it('hands backend, viewer, locale and theme to the elements inside', async () => {
    const memory = new MemoryBackend(typicalOptions({ viewer: { product: 'caac', role: 'agent' } }));
    const provider = await fixture<ChannelKitProvider>(html`<channel-kit-provider .backend=${memory} locale="ja" theme="dark">
      <channel-list></channel-list>
    </channel-kit-provider>`);
    const list = provider.querySelector('channel-list')!;
    await until(() => list.channels.length === 7, 'the rows');
    await settled(list);
    const ja = await loadTranslation('ja');
    await until(() => textOf(list.shadowRoot!.querySelector('[part="permission-note"]')) === ja.noPermission, 'the viewer asked of the backend, in Japanese');
    expect(list.dataset.ckTheme).to.equal('dark');
    await expect(list).to.be.accessible();
  });

  it('lets an element set its own locale over the provider\'s', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const provider = await fixture(html`<channel-kit-provider .backend=${memory} locale="ja">
      <channel-status-badge status="connected" locale="th"></channel-status-badge>
    </channel-kit-provider>`);
    const badge = provider.querySelector('channel-status-badge')!;
    const th = await loadTranslation('th');
    await until(() => badge.shadowRoot!.textContent!.includes(th.statusConnected), 'Thai');
  });

  it('a lang around the page reaches the elements inside its shadow root', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const host = await fixture(html`<div lang="th"><channel-settings .backend=${memory}></channel-settings></div>`);
    const settings = host.querySelector('channel-settings')!;
    const th = await loadTranslation('th');
    await until(() => listOf(settings).shadowRoot?.textContent?.includes(th.columnAccountId), 'the inner list in Thai');
  });

  it('reaches a consumer that upgraded before it', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const host = await fixture(html`<div><late-provider><late-list></late-list></late-provider></div>`);
    customElements.define('late-list', class extends ChannelList {});
    const list = host.querySelector<ChannelList>('late-list')!;
    await list.updateComplete;
    expect(list.channels).to.have.length(0);
    customElements.define('late-provider', class extends ChannelKitProvider {});
    (host.querySelector('late-provider') as ChannelKitProvider).backend = memory;
    await until(() => list.channels.length === 7, 'the rows, once the provider arrived');
  });
});

describe('<channel-settings>', () => {
  it('is the page: title, Add Channel, the list', async () => {
    const { el } = await mountSettings();
    expect(textOf(el.shadowRoot!.querySelector('[part="title"]'))).to.equal('Channel Settings');
    const add = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!;
    setTimeout(() => add.click());
    await oneEvent(el, 'channel-add-request');
    expect(listOf(el).channels).to.have.length(7);
    await expect(el).to.be.accessible();
  });

  it('no permission: Add Channel disabled, not hidden; the reason shown', async () => {
    const { el } = await mountSettings({ viewer: { product: 'caac', role: 'agent' } });
    const add = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!;
    expect(add.getAttribute('aria-disabled')).to.equal('true');
    let fired = false;
    el.addEventListener('channel-add-request', () => (fired = true));
    add.click();
    expect(fired).to.equal(false);
    expect(textOf(listOf(el).shadowRoot!.querySelector('[part="permission-note"]'))).to.contain('Only the Owner or a Primary admin');
    await expect(el).to.be.accessible();
  });

  it('empty, loading-failed and large scenarios render', async () => {
    const empty = await mountSettings({ data: { channels: [] } });
    expect(textOf(listOf(empty.el).shadowRoot!.querySelector('[part="empty"]'))).to.contain('No channels yet');
    await expect(empty.el).to.be.accessible();
    const failing = await mountSettings({ rest: { fail: 'listChannels:500' } });
    await until(() => listOf(failing.el).shadowRoot!.querySelector('[role="alert"]'), 'the error');
    await expect(failing.el).to.be.accessible();
  });

  it('hands its wizard and dialog settings on, and exports the list\'s parts', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const el = await fixture<ChannelSettings>(html`<channel-settings
      .backend=${memory}
      channel-types="instagram webchat"
      troubleshooting-url="https://help.example.com/channels"
      authorization-timeout="5000"
    ></channel-settings>`);
    await el.updateComplete;
    const wizard = el.shadowRoot!.querySelector('add-channel-wizard')!;
    expect([wizard.channelTypes, wizard.troubleshootingUrl, wizard.authorizationTimeout]).to.deep.equal(['instagram webchat', 'https://help.example.com/channels', 5000]);
    const dialog = el.shadowRoot!.querySelector('reauthorize-dialog')!;
    expect(dialog.troubleshootingUrl).to.equal('https://help.example.com/channels');
    expect(el.shadowRoot!.querySelector('channel-list')!.getAttribute('exportparts')).to.contain('edit-button');
  });

  it('registers under a prefix, with its inner elements under the same prefix', async () => {
    define({ prefix: 'acme' });
    define({ prefix: 'acme' });
    const memory = new MemoryBackend(typicalOptions());
    const el = await fixture<ChannelSettings>(html`<acme-channel-settings .backend=${memory}></acme-channel-settings>`);
    const list = el.shadowRoot!.querySelector<ChannelList>('acme-channel-list')!;
    expect(list).to.be.instanceOf(ChannelList);
    await until(() => list.channels.length === 7, 'the rows');
    expect(el.shadowRoot!.querySelector('acme-disconnect-dialog')).to.not.equal(null);
  });

  it("names another copy of the SDK registered first stay that copy's, its wizard and dialogs included", async () => {
    // The other copy: its own classes under the names, registered first (as a page's first copy does).
    for (const [tag] of FIRST_PAINT_ELEMENTS) customElements.define(`other-${tag}`, class extends HTMLElement {});
    const registered = define({ prefix: 'other' });
    let settledToo = false;
    void registered.then(() => (settledToo = true));
    await new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 300)));
    const lazyNames = ['add-channel-wizard', 'disconnect-dialog', 'reauthorize-dialog'].map((tag) => `other-${tag}`);
    expect(lazyNames.map((name) => customElements.get(name)), 'left for the other copy to register').to.deep.equal([undefined, undefined, undefined]);
    expect(settledToo, 'define() waits for them').to.equal(false);
    // The other copy's <channel-settings> loads its own dialogs; then this copy's define() settles.
    for (const name of lazyNames) customElements.define(name, class extends HTMLElement {});
    await registered;
  });
});
