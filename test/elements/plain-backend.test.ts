// Issue 13, item 3: whatever a backend returns is read where the elements receive it. A host's backend
// in plain JavaScript (an object literal handing the REST contract's JSON straight through) gets the
// same reading as the REST adapter: a row that cannot be read is left out and counted, a whole answer
// that cannot be read is the localized error with Retry (never an exception); and a partner's own
// product is refused by the default policy, saying so, and allowed by the policy its host supplies.
import { expect, fixture, html } from '@open-wc/testing';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import '../../src/define.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { en } from '../../src/i18n/locales/en.js';
import type { PermissionPolicy } from '../../src/permissions/policy.js';
import { settled, textOf, until } from '../support/fixtures.js';

const shadow = (el: Element) => el.shadowRoot!;
const rowIds = (list: ChannelList) => [...shadow(list).querySelectorAll<HTMLElement>('[role="row"][data-id]')].map((row) => row.dataset.id);
const button = (el: Element, text: string) => [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text);

/** Rows as the REST contract's JSON carries them. */
const wireRow = (id: string, name: string, extra: object = {}) => ({ id, type: 'instagram', name, accountId: `ig_${id}`, status: 'connected', ...extra });

/**
 * A backend a host wrote in plain JavaScript: each method hands back what `answers` holds, as it is
 * (JSON from the host's own API, unchecked). Only what the list needs.
 */
function plainBackend(answers: { viewer: unknown; page: unknown }) {
  const backend = {
    getViewer: async () => answers.viewer,
    listChannels: async () => answers.page,
  };
  return backend as unknown as ChannelBackend;
}

async function mountAlone(backend: ChannelBackend, policy?: PermissionPolicy) {
  const el = await fixture<ChannelList>(html`<channel-list .backend=${backend} .policy=${policy} locale="en"></channel-list>`);
  await settled(el);
  return el;
}

describe('a backend in plain JavaScript, read where the elements receive it', () => {
  it('a page with a row that cannot be read: the good rows shown, the bad one left out and counted', async () => {
    const page = {
      channels: [wireRow('ch_1', 'Bangkok Coffee'), { id: 'ch_bad', type: 'instagram', name: 42 }, wireRow('ch_2', 'Chiang Mai Tea', { type: 'telegram' })],
      nextCursor: null,
    };
    const el = await mountAlone(plainBackend({ viewer: { product: 'caac', role: 'owner' }, page }));
    await until(() => rowIds(el).length === 2, 'the good rows');
    expect(rowIds(el)).to.have.members(['ch_1', 'ch_2']);
    expect(textOf(shadow(el).querySelector('.notice[role="status"]'))).to.equal(en.rowsSkipped(1));
    // The odd type was read too: listed read-only, its own name kept.
    expect(el.channels.find((c) => c.id === 'ch_2')).to.include({ type: 'unknown', rawType: 'telegram' });
    await expect(el).to.be.accessible();
  });

  it('a list answer that cannot be read: the localized error with Retry, and Retry works once the backend heals', async () => {
    const answers = { viewer: { product: 'caac', role: 'owner' }, page: { nope: 1 } as unknown };
    const el = await mountAlone(plainBackend(answers));
    const error = shadow(el).querySelector('[part="error"]');
    expect(textOf(error)).to.equal(`${en.loadFailed} ${en.errorInvalidResponse} ${en.retry}`);
    await expect(el).to.be.accessible();
    answers.page = { channels: [wireRow('ch_1', 'Bangkok Coffee')], nextCursor: null };
    button(el, en.retry)!.click();
    await until(() => rowIds(el).length === 1, 'the list after Retry');
    expect(shadow(el).querySelector('[part="error"]')).to.equal(null);
  });

  it('a viewer answer that cannot be read: the localized error with Retry, and Retry works once the backend heals', async () => {
    const answers = { viewer: 42 as unknown, page: { channels: [wireRow('ch_1', 'Bangkok Coffee')], nextCursor: null } };
    const el = await mountAlone(plainBackend(answers));
    await until(() => el.activeViewerError, 'the failed lookup');
    await el.updateComplete;
    const note = shadow(el).querySelector('[part="permission-note"]');
    expect(textOf(note)).to.equal(`${en.viewerUnknown} ${en.errorInvalidResponse} ${en.retry}`);
    expect(el.canManage).to.equal(false);
    answers.viewer = { product: 'maac', role: 'agent' };
    button(el, en.retry)!.click();
    await until(() => el.canManage, 'the viewer after Retry');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="permission-note"]')).to.equal(null);
  });
});

describe("a partner's own product", () => {
  const acme = () => plainBackend({ viewer: { product: 'acme', role: 'owner' }, page: { channels: [], nextCursor: null } });
  const addButton = (el: ChannelList) => button(el, en.addChannel)!;

  it('is refused by the default policy, which says the product is the reason', async () => {
    const el = await mountAlone(acme());
    await until(() => el.activeViewer, 'the viewer');
    expect(el.activeViewer).to.deep.equal({ product: 'acme', role: 'owner' });
    expect(el.canManage).to.equal(false);
    expect(el.permissionFor('connect')).to.deep.equal({ allowed: false, refusal: 'unknown_product' });
    await el.updateComplete;
    expect(textOf(el.shadowRoot!.querySelector('#permission-note'))).to.equal(en.unknownProduct);
    expect(addButton(el).getAttribute('aria-disabled')).to.equal('true');
  });

  it('is allowed by the policy its host supplies', async () => {
    const el = await mountAlone(acme(), (viewer) => viewer.product === 'acme' && viewer.role === 'owner');
    await until(() => el.activeViewer, 'the viewer');
    expect(el.canManage).to.equal(true);
    expect(el.permissionFor('disconnect')).to.deep.equal({ allowed: true });
    await el.updateComplete;
    expect(addButton(el).getAttribute('aria-disabled')).to.equal('false');
  });

  it('a known product still says only that the role may not manage', async () => {
    const el = await mountAlone(plainBackend({ viewer: { product: 'caac', role: 'agent' }, page: { channels: [], nextCursor: null } }));
    await until(() => el.activeViewer, 'the viewer');
    expect(el.permissionFor('connect')).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    await el.updateComplete;
    expect(textOf(el.shadowRoot!.querySelector('#permission-note'))).to.equal(en.noPermission);
  });
});
