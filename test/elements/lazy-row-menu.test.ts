// Issue 14, item 1: what runs the rows' Edit menus (placing a menu, its keys, closing it) is a module
// of its own, loaded when the page is idle or at the first Edit. This page imports only <channel-list>,
// so it starts as a host's page does: nothing but the first paint's code.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/elements/channel-list/define.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { rowMenu } from '../../src/elements/channel-list/lazy-row-menu.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { useMockServer } from '../support/msw.js';

async function until(condition: () => unknown, what: string, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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
