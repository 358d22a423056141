// Issue 14, item 1: what runs the rows' Edit menus (placing a menu, its keys, closing it) is a module
// of its own, loaded when the page is idle or at the first Edit. This page imports only <channel-list>,
// so it starts as a host's page does: nothing but the first paint's code.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/elements/channel-list/define.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { rowMenu } from '../../src/elements/channel-list/lazy-row-menu.js';
import { loadedTranslation, registerTranslation } from '../../src/i18n/catalog.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { useMockServer } from '../support/msw.js';
import { until } from '../support/until.js';

function mount(): ChannelList {
  const list = document.createElement('channel-list');
  list.backend = new MemoryBackend({
    viewer: { product: 'caac', role: 'owner' },
    channels: [{ id: 'c1', type: 'facebook', name: 'Bangkok Page', accountId: 'fb_1', status: 'connected' }],
  });
  document.body.append(list);
  return list;
}

const editButton = (list: ChannelList) => list.shadowRoot!.querySelector<HTMLButtonElement>('.edit');
const menu = (list: ChannelList) => list.shadowRoot!.querySelector('[role="menu"]');

describe('the rows\' Edit menus load when first needed', () => {
  it('are not part of what the page loaded first', () => {
    expect(rowMenu()).to.equal(undefined);
  });

  it('a load that fails says so with Try again, which opens the menu once the network is back', async () => {
    // The menus' module, refused as an offline network would (msw's worker sees module requests too).
    let offline = true;
    let requests = 0;
    await useMockServer([http.get(/\/controllers\/menu-controller\.ts/, () => (requests++, offline ? HttpResponse.error() : undefined))]);
    const list = mount();
    await until(() => editButton(list)?.getAttribute('aria-disabled') === 'false', 'the row, manageable');
    // The idle preload asks first (and fails): the click then loads again.
    await until(() => requests > 0, 'the preload, refused');
    editButton(list)!.click();
    await until(() => list.shadowRoot!.querySelector('[part="error"]'), 'the error');
    const error = list.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.querySelector('[role="alert"]')).to.not.equal(null);
    expect(menu(list)).to.equal(null);
    offline = false;
    error.querySelector('button')!.click();
    await until(() => menu(list), 'the menu, open');
    expect(list.shadowRoot!.querySelector('[part="error"]'), 'the error is gone').to.equal(null);
    expect(editButton(list)!.getAttribute('aria-expanded')).to.equal('true');
    list.remove();
  });

  it('the list reads none of the wizard\'s and the dialogs\' messages (this page never loads them)', async () => {
    // English as the first paint has it, every message read recorded: a key it lacks would show as nothing.
    const english = loadedTranslation('en')!;
    const missing = new Set<string>();
    registerTranslation('en', new Proxy(english, { get: (target, key, receiver) => ((typeof key === 'string' && !(key in target) && missing.add(key)), Reflect.get(target, key, receiver)) }));
    const list = document.createElement('channel-list');
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    list.backend = new MemoryBackend({
      viewer: { product: 'caac', role: 'owner' },
      channels: [
        { id: 'a', type: 'instagram', name: 'Expiring', accountId: 'ig_1', status: 'connected', connectedAt: '2026-01-02T03:04:05Z', tokenExpiresAt: soon },
        { id: 'b', type: 'line', name: 'Line', accountId: 'line_1', status: 'connected' },
        { id: 'c', type: 'webchat', name: 'Site', accountId: 'web_1', status: 'disconnected', disconnectedAt: '2026-01-02T03:04:05Z' },
        { id: 'd', type: 'facebook', name: 'Page', accountId: 'fb_1', status: 'setup_incomplete' },
      ],
    });
    document.body.append(list);
    await until(() => list.shadowRoot!.querySelectorAll('.edit').length === 4, 'the rows');
    await until(() => rowMenu(), 'the preload');
    for (const button of list.shadowRoot!.querySelectorAll<HTMLButtonElement>('.edit:not([aria-disabled="true"])')) {
      button.click();
      await list.updateComplete;
      expect(list.shadowRoot!.querySelectorAll('[role="menuitem"]').length).to.be.greaterThan(0);
      button.click();
      await list.updateComplete;
    }
    expect([...missing]).to.deep.equal([]);
    registerTranslation('en', english);
    list.remove();
  });

  it('once the page has been idle, Edit opens the menu in the same task as the click', async () => {
    const list = mount();
    await until(() => rowMenu(), 'the preload');
    await until(() => editButton(list)?.getAttribute('aria-disabled') === 'false', 'the row, manageable');
    editButton(list)!.click();
    await list.updateComplete;
    expect(menu(list), 'open at the next render, nothing awaited').to.not.equal(null);
    list.remove();
  });
});
