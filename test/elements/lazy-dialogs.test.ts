// Issue 14, item 1: the wizard and the dialogs are modules of their own, loaded when first needed or
// when the page is idle. This page imports only <channel-settings> (not test/support/fixtures.ts,
// which registers everything), so it starts as a host's page does: nothing but the first paint's code.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/elements/channel-settings/define.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { useMockServer } from '../support/msw.js';
import { until } from '../support/until.js';

const LAZY = ['add-channel-wizard', 'disconnect-dialog', 'reauthorize-dialog'];
const registered = () => LAZY.filter((tag) => customElements.get(tag));

function mount(): ChannelSettings {
  const settings = document.createElement('channel-settings');
  settings.backend = new MemoryBackend({ viewer: { product: 'caac', role: 'owner' }, channels: [] });
  document.body.append(settings);
  return settings;
}

const addButton = (settings: ChannelSettings) => settings.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!;
const wizardDialog = (settings: ChannelSettings) => settings.shadowRoot!.querySelector('add-channel-wizard')?.shadowRoot?.querySelector('dialog');

describe('the wizard and the dialogs load when first needed', () => {
  it('are not part of what the page loaded first', () => {
    expect(registered()).to.deep.equal([]);
  });

  it('a load that fails says so with Try again, which loads it once the network is back', async () => {
    // The wizard's module, refused as an offline network would (msw's worker sees module requests too).
    let offline = true;
    let requests = 0;
    await useMockServer([http.get(/\/add-channel-wizard\/add-channel-wizard\.ts/, () => (requests++, offline ? HttpResponse.error() : undefined))]);
    const settings = mount();
    await settings.updateComplete;
    await until(() => !addButton(settings).matches('[aria-disabled="true"]'), 'the viewer');
    // The idle preload asks first (and fails): the click then shares or follows it, so no load begun
    // offline is still on its way when the network comes back.
    await until(() => requests > 0, 'the preload, refused');
    addButton(settings).click();
    await until(() => settings.shadowRoot!.querySelector('[part="error"]'), 'the error panel');
    const panel = settings.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(customElements.get('add-channel-wizard')).to.equal(undefined);
    offline = false;
    panel.querySelector('button')!.click();
    await until(() => wizardDialog(settings)?.open, 'the wizard, open');
    expect(settings.shadowRoot!.querySelector('[part="error"]'), 'the error is gone').to.equal(null);
    wizardDialog(settings)!.close();
    settings.remove();
  });

  it('are registered once the page has been idle, with no click', async () => {
    const settings = mount();
    await until(() => registered().length === LAZY.length, 'every lazy element registered', 10_000);
    expect(registered()).to.deep.equal(LAZY);
    settings.remove();
  });

  it('then "Add Channel" opens the wizard in the same task as the click', async () => {
    const settings = mount();
    await until(() => registered().length === LAZY.length, 'the preload');
    await settings.updateComplete;
    await until(() => !addButton(settings).matches('[aria-disabled="true"]'), 'the viewer');
    addButton(settings).click();
    const wizard = settings.shadowRoot!.querySelector('add-channel-wizard')!;
    expect(wizard.open, 'opened before anything is awaited').to.equal(true);
    await until(() => wizardDialog(settings)?.open, 'the dialog shown');
    wizard.close();
    settings.remove();
  });
});
