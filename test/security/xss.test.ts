/**
 * XSS: a corpus of hostile strings put in every text field that comes from the backend (or from
 * Meta's window), through the REST adapter, into every element that shows it. Each payload sets
 * `window.__xss` if it ever runs. Nothing may run, no foreign element may appear in any shadow root,
 * the text must show as text, and no backend URL may become a link or a navigation unless http(s).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { _$LH } from 'lit-html/private-ssr-support.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { ChannelSchema, type Channel, type ChannelWire } from '../../src/core/channel.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import { en } from '../../src/i18n/locales/en.js';
import type { Viewer } from '../../src/core/viewer.js';
import { settled, until } from '../support/fixtures.js';
import { postFrom } from '../support/popup.js';
import { fakePopup, scriptedFetch, shadowRootsUnder, sleep, watchFaults, type FaultWatch, type Reply, type Route } from './harness.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

const OWNER: Viewer = { product: 'caac', role: 'owner' };
const t = en;

// ---- the corpus ------------------------------------------------------------------------------

/** Each entry, given its number n, is a string that sets `window.__xss = n` if it is ever run. */
const TEMPLATES: ((n: number) => string)[] = [
  (n) => `<img src=x onerror="window.__xss=${n}">`,
  (n) => `<script>window.__xss=${n}</script>`,
  (n) => `javascript:window.__xss=${n}`,
  (n) => `"><svg onload="window.__xss=${n}">`,
  (n) => `'><iframe src="javascript:parent.__xss=${n}"></iframe>`,
  (n) => `\${window.__xss=${n}}`,
  (n) => `\${\`\${window.__xss=${n}}\`}`,
  (n) => `<!--?lit$123$--><img src=x onerror="window.__xss=${n}">`,
  (n) => `<?lit$123$><img src=x onerror=window.__xss=${n}>`,
  (n) => `${_$LH.marker}<img src=x onerror=window.__xss=${n}>${_$LH.marker}`,
  (n) => `<!--${_$LH.marker}--><svg onload=window.__xss=${n}>`,
  (n) => `&lt;img src=x onerror=window.__xss=${n}&gt;`,
  (n) => `&#60;script&#62;window.__xss=${n}&#60;/script&#62;`,
  (n) => `\u003cimg src=x onerror=window.__xss=${n}\u003e`,
  (n) => `\uFF1Cimg src=x onerror=window.__xss=${n}\uFF1E`,
  (n) => `\u202Egnp.exe<img src=x onerror=window.__xss=${n}>\u202C`,
  (n) => `\u0000<script>window.__xss=${n}</script>\u0000`,
  (n) => `<img\u0000 src=x onerror=window.__xss=${n}>`,
  (n) => `\uFEFF\u200B\u200D<img src=x onerror=window.__xss=${n}>`,
  (n) => `${'A'.repeat(100_000)}<img src=x onerror=window.__xss=${n}>`,
  (n) => `<a href="javascript:window.__xss=${n}">click</a>`,
  (n) => `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=${n}>`,
  (n) => `<iframe srcdoc="<script>parent.__xss=${n}</script>"></iframe>`,
  (n) => `<details open ontoggle="window.__xss=${n}">`,
  (n) => `<input autofocus onfocus="window.__xss=${n}">`,
  (n) => `<video><source onerror="window.__xss=${n}"></video>`,
  (n) => `<scr<script>ipt>window.__xss=${n}</scr</script>ipt>`,
  (n) => `data:text/html,<script>window.__xss=${n}</script>`,
  (n) => `<object data="javascript:window.__xss=${n}"></object>`,
  (n) => `<embed src="javascript:window.__xss=${n}">`,
  (n) => `</textarea><img src=x onerror=window.__xss=${n}>`,
  (n) => `</dialog></span><img src=x onerror=window.__xss=${n}>`,
  (n) => `<template shadowrootmode="open"><img src=x onerror=window.__xss=${n}></template>`,
  (n) => `<svg><animate onbegin="window.__xss=${n}" attributeName=x dur=1s>`,
  (n) => `\`;window.__xss=${n};\``,
  (n) => `{{constructor.constructor('window.__xss=${n}')()}}`,
  (n) => `<!--<img src="--><img src=x onerror=window.__xss=${n}//">`,
  (n) => `<img src=x onerror=window.__xss=${n} /> 👩‍👩‍👧‍👦 ﷽ Z̷̢͉a̴l̵g̶o̷ ไทย 日本語`,
  (n) => `<body onload=window.__xss=${n}>`,
  (n) => `<x-lit lit$="1" onclick="window.__xss=${n}">`,
  (n) => `<style>*{background:url("javascript:window.__xss=${n}")}</style>`,
  (n) => ` <img src=x onerror=window.__xss=${n}>\n\t `,
];
const CORPUS = TEMPLATES.map((make, i) => make(i + 1));
/** The i-th payload's neighbour, so that two fields of one record carry different payloads. */
const other = (i: number, shift = 1) => CORPUS[(i + shift) % CORPUS.length]!;

// ---- checks ----------------------------------------------------------------------------------

const FOREIGN = [
  'img', 'script', 'iframe', 'object', 'embed', 'math', 'video', 'audio', 'source', 'template', 'style', 'link', 'base', 'meta',
  'frame', 'frameset', 'body', 'details', 'marquee', 'x-lit', 'animate', 'set', 'foreignObject',
].join(', ');

/** Nothing from the data became markup: no foreign element, no handler attribute, only own icons, only http(s) links. */
function expectInert(host: Element) {
  for (const root of shadowRootsUnder(host)) {
    const foreign = root.querySelector(FOREIGN);
    expect(foreign, `a <${foreign?.localName}> in <${root.host.localName}>`).to.equal(null);
    for (const svg of root.querySelectorAll('svg')) {
      const ownIcon = svg.getAttribute('viewBox') === '0 0 16 16' && svg.getAttribute('aria-hidden') === 'true' && svg.querySelector('[onload], [onbegin]') === null;
      expect(ownIcon, `an <svg> that is not one of the elements' icons in <${root.host.localName}>`).to.equal(true);
    }
    for (const el of root.querySelectorAll('*')) {
      const handlers = el.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on'));
      expect(handlers, `event-handler attributes on <${el.localName}>`).to.deep.equal([]);
    }
    for (const link of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      expect(['http:', 'https:'], `link ${link.getAttribute('href')}`).to.include(new URL(link.href).protocol);
    }
  }
  expect(window.__xss, 'a payload ran').to.equal(undefined);
}

const text = (el: Element | null | undefined) => el?.textContent ?? null;

/** The REST adapter over a scripted server. */
function restWith(route: Route): { backend: RestBackend; requests: ReturnType<typeof scriptedFetch>['requests'] } {
  const { fetch, requests } = scriptedFetch(route);
  return { backend: new RestBackend({ baseUrl: '/xss', readRetries: 0, fetch }), requests };
}

function wire(overrides: Partial<ChannelWire> & { id: string }): ChannelWire {
  return { type: 'facebook', name: 'Name', accountId: 'acct', status: 'connected', connectedAt: '2024-05-01T00:00:00Z', ...overrides };
}

const parsed = (w: ChannelWire): Channel => ChannelSchema.parse(w);

/** A Meta error passed on by the backend, every text field of it hostile. */
function metaError(payload: string, supportId = payload): Reply {
  return {
    status: 502,
    body: {
      error: {
        code: 'meta_error',
        message: payload,
        meta: { code: 1, error_subcode: 2, fbtrace_id: supportId, error_user_msg: payload, error_user_title: payload, message: payload },
      },
    },
  };
}

let session = 0;
function sessionFor(overrides: Record<string, unknown> = {}) {
  session++;
  return {
    id: `auth_${session}`,
    mode: 'connect',
    channelType: 'instagram',
    channelId: null,
    state: `state-${String(session).padStart(16, '0')}`,
    authorizeUrl: 'https://meta.example/consent',
    callbackOrigin: location.origin,
    flow: 'redirect',
    embeddedSignupOrigin: null,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    ...overrides,
  };
}

/**
 * Closes a dialog element and waits for its `close` event to have been handled: a `show()` before
 * that would be closed (and its flow aborted) by the late event (see the fault matrix's lifecycle tests).
 */
async function closeAndWait(el: HTMLElement & { close(): void }) {
  const closed = oneEvent(el, 'channel-dialog-close');
  el.close();
  await closed;
}

const buttonIn = (root: ShadowRoot, label: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === label);

let watch: FaultWatch;
beforeEach(() => {
  delete window.__xss;
  watch = watchFaults();
});
afterEach(async () => {
  watch.stop();
  delete window.__xss;
});

/** Checks after a step (the DOM is checked for anything a payload could run from). */
async function settleAndCheck(host: Element) {
  await sleep(0);
  expectInert(host);
  expect(watch.summary(), 'no errors').to.equal('');
}

/** At the end: gives anything that did get in the time to run (an image's error, a toggle, a load), then checks. */
async function finalCheck(host: Element) {
  await sleep(300);
  await settleAndCheck(host);
}

// ---- the tests -------------------------------------------------------------------------------

describe('XSS: hostile backend text is shown as text, never run', function () {
  this.timeout(60_000);

  it(`the corpus is live: its payloads run when parsed as HTML (in a throwaway frame), and there are at least 30`, async () => {
    expect(CORPUS.length).to.be.at.least(30);
    expect(new Set(CORPUS).size, 'all different').to.equal(CORPUS.length);
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const win = frame.contentWindow as Window & typeof globalThis;
      const ran = new Set<number>();
      Object.defineProperty(win, '__xss', { set: (n: number) => ran.add(n), get: () => undefined });
      const doc = frame.contentDocument!;
      for (const payload of CORPUS) doc.body.append(doc.createRange().createContextualFragment(payload));
      await sleep(300);
      // Not every entry runs on its own (some only in a URL or a template context); most must.
      expect(ran.size, `payloads that ran: ${[...ran].sort((a, b) => a - b).join(', ')}`).to.be.at.least(15);
    } finally {
      frame.remove();
    }
    expect(window.__xss, 'none ran in this page').to.equal(undefined);
  });

  it('<channel-list>: names, account ids and ids, in the rows, the Edit labels and the menus', async () => {
    const channels = CORPUS.map((payload, i) => wire({ id: `${i}:${other(i, 2)}`, name: payload, accountId: other(i) }));
    const { backend } = restWith(({ path }) => (path.startsWith('/xss/channels') ? { body: { channels, nextCursor: null } } : undefined));
    const el = await fixture<ChannelList>(html`<channel-list .backend=${backend} .viewer=${OWNER} locale="en"></channel-list>`);
    await settled(el);
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')];
    expect(rows).to.have.length(CORPUS.length);
    for (const row of rows) {
      const i = Number(row.dataset.id!.split(':')[0]);
      expect(row.dataset.id, 'the id, kept exactly').to.equal(`${i}:${other(i, 2)}`);
      expect(text(row.querySelector('.name')), `name ${i}`).to.equal(CORPUS[i]);
      expect(text(row.querySelector('.account')), `account id ${i}`).to.equal(other(i));
      const edit = row.querySelector<HTMLButtonElement>('.edit')!;
      expect(edit.getAttribute('aria-label')).to.equal(t.editChannel(CORPUS[i]!));
    }
    for (const row of rows.slice(0, 8)) {
      row.querySelector<HTMLButtonElement>('.edit')!.click();
      await el.updateComplete;
      const menu = el.shadowRoot!.querySelector('[role="menu"]')!;
      expect(menu.getAttribute('aria-label')).to.equal(t.editChannel(text(row.querySelector('.name'))!));
      await settleAndCheck(el);
    }
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = CORPUS[0]!.slice(0, 20);
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.body [role="row"]').length, 'searching for markup finds it as text').to.be.greaterThan(0);
    await finalCheck(el);
  });

  it("<channel-list>: a load error with Meta's error_user_msg", async () => {
    let current = 0;
    const { backend } = restWith(() => metaError(CORPUS[current]!));
    const el = await fixture<ChannelList>(html`<channel-list .backend=${backend} .viewer=${OWNER} locale="en"></channel-list>`);
    await settled(el);
    for (current = 0; current < CORPUS.length; current++) {
      await el.refresh();
      await el.updateComplete;
      expect(text(el.shadowRoot!.querySelector('[role="alert"]')), `payload ${current + 1}`).to.equal(`${t.loadFailed} ${t.errorUnknown} ${CORPUS[current]}`);
      await settleAndCheck(el);
    }
    await finalCheck(el);
  });

  it('<disconnect-dialog>: the name in the title and the confirmation; the error message and support id', async () => {
    let reply: Reply = { status: 500 };
    const { backend } = restWith(({ path }) => (path.endsWith('/disconnect') ? reply : undefined));
    const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${backend} .viewer=${OWNER} locale="en"></disconnect-dialog>`);
    for (const [i, payload] of CORPUS.entries()) {
      const channel = wire({ id: `ch_${i}`, name: payload, accountId: other(i) });
      dialog.show(parsed(channel));
      await dialog.updateComplete;
      const root = dialog.shadowRoot!;
      expect(text(root.querySelector('h2')), `title ${i + 1}`).to.equal(t.disconnectTitle(payload));

      reply = metaError(payload, other(i));
      await dialog.confirm();
      await dialog.updateComplete;
      const alert = root.querySelector('[role="alert"]')!;
      expect(text(alert.querySelector('p')), `error ${i + 1}`).to.equal(`${t.errorUnknown} ${payload}`);
      expect(text(alert.querySelector('.support-id'))).to.equal(t.supportId(other(i)));
      await settleAndCheck(dialog);

      reply = { body: { ...channel, status: 'disconnected', disconnectedAt: '2024-06-01T00:00:00Z' } };
      await dialog.confirm();
      await dialog.updateComplete;
      expect(text(root.querySelector('[role="status"]')), `done ${i + 1}`).to.equal(t.disconnectDone(payload));
      await settleAndCheck(dialog);
      await closeAndWait(dialog);
    }
    await finalCheck(dialog);
  });

  it('<reauthorize-dialog>: the name and account id; the error panel; a javascript: authorize URL is never followed', async () => {
    let reply: Reply = { status: 500 };
    const { backend } = restWith(({ method, path }) => (method === 'POST' && path === '/xss/authorizations' ? reply : undefined));
    const dialog = await fixture<ReauthorizeDialog>(html`<reauthorize-dialog .backend=${backend} .viewer=${OWNER} locale="en"></reauthorize-dialog>`);
    const popup = fakePopup();
    dialog.openWindow = popup.open;
    for (const [i, payload] of CORPUS.entries()) {
      const channel = parsed(wire({ id: `ch_${i}`, name: payload, accountId: other(i), status: 'token_expired', tokenExpiresAt: '2024-01-01T00:00:00Z' }));
      expect(dialog.show(channel)).to.equal(true);
      await dialog.updateComplete;
      const root = dialog.shadowRoot!;
      expect(text(root.querySelector('h2')), `title ${i + 1}`).to.equal(t.reauthorizeTitle(payload));
      expect(text(root.querySelector('.result-row > .account')), `account id ${i + 1}`).to.equal(other(i));
      expect(root.textContent).to.contain(t.reauthorizeSameAccount(payload));

      reply = metaError(payload, other(i, 3));
      buttonIn(root, t.continueWithMeta)!.click();
      await until(() => root.querySelector('[role="alert"]'), 'the error');
      expect(text(root.querySelector('[role="alert"] p.alert')), `error ${i + 1}`).to.equal(`${t.errorUnknown} ${payload}`);
      expect(text(root.querySelector('[role="alert"] .support-id'))).to.equal(t.supportId(other(i, 3)));
      await settleAndCheck(dialog);

      // A session whose URLs are not http(s) fails its schema: the window is closed, never sent there.
      reply = { body: sessionFor({ mode: 'reauthorize', channelId: channel.id, authorizeUrl: `javascript:opener.__xss=${i + 1}`, callbackOrigin: `javascript:${i}` }) };
      buttonIn(root, t.continueWithMeta)!.click();
      await until(() => root.querySelector('[role="alert"] p.alert')?.textContent === t.errorInvalidResponse, 'the invalid session refused');
      await settleAndCheck(dialog);
    }
    expect(popup.navigations, 'the Meta window was never sent anywhere').to.deep.equal([]);
    expect(popup.closed).to.equal(true);
    await finalCheck(dialog);
  });

  describe('<add-channel-wizard>', () => {
    async function mountWizard(route: Route) {
      const { backend, requests } = restWith(route);
      const el = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${backend} .viewer=${OWNER} locale="en"></add-channel-wizard>`);
      return { el, requests };
    }

    it("the account picker: granted accounts' names, usernames, portfolio names and ids; then the connected channel", async () => {
      const accounts = CORPUS.map((payload, i) => ({
        id: `${i}:${other(i, 5)}`,
        type: 'instagram',
        name: payload,
        username: other(i),
        avatarUrl: null,
        portfolio: { id: `p${i}`, name: other(i, 2) },
        eligibility: i % 3 === 2 ? 'not_business_account' : 'eligible',
        channelId: null,
      }));
      const started = sessionFor();
      const { el } = await mountWizard(({ method, path }) => {
        if (method === 'POST' && path === '/xss/authorizations') return { body: started };
        if (method === 'GET' && path === `/xss/authorizations/${started.id}`) {
          return { body: { sessionId: started.id, status: 'completed', accounts, error: null } };
        }
        if (method === 'POST' && path === '/xss/channels') return { body: wire({ id: 'ch_new', type: 'instagram', name: CORPUS[3]!, accountId: CORPUS[4]! }) };
        if (method === 'GET' && path === '/xss/channels/ch_new/setup-checks') return { body: { checks: [] } };
        return undefined;
      });
      // A window that reads as closed at once is one hidden by COOP: the wizard asks the backend for the result.
      const popup = fakePopup({ startClosed: true });
      el.openWindow = popup.open;
      el.show('instagram');
      await el.updateComplete;
      buttonIn(el.shadowRoot!, t.continueWithMeta)!.click();
      const root = el.shadowRoot!;
      await until(() => root.querySelector('input[name="account"]'), 'the account picker', 5_000);
      const options = [...root.querySelectorAll('.account-option')];
      expect(options).to.have.length(CORPUS.length);
      for (const [i, option] of options.entries()) {
        expect(text(option.querySelector('strong')), `name ${i + 1}`).to.equal(CORPUS[i]);
        expect(text(option.querySelector('.account-text > .muted')), `username and portfolio ${i + 1}`).to.equal(`@${other(i)} · ${other(i, 2)}`);
        expect(option.querySelector('input')!.value, `id ${i + 1}`).to.equal(`${i}:${other(i, 5)}`);
      }
      await settleAndCheck(el);
      root.querySelector<HTMLInputElement>('input[name="account"][value^="3:"]')!.click();
      root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await until(() => root.querySelector('.step-heading')?.textContent === t.connectedTitle(CORPUS[3]!), 'the result');
      expect(text(root.querySelector('.result-row'))).to.contain(CORPUS[4]);
      expect(popup.navigations).to.deep.equal(['https://meta.example/consent']);
      await finalCheck(el);
    });

    it('the result step (showSetup): the name and account id; setup check data and Meta errors on Check again', async () => {
      let reply: Reply = { body: { checks: [] } };
      const { el } = await mountWizard(({ path }) => (path.endsWith('/setup-checks') ? reply : undefined));
      const root = el.shadowRoot!;
      for (const [i, payload] of CORPUS.entries()) {
        // Hostile setup check data fails its schema (ids and states are closed lists): the panel says so.
        reply = i % 2
          ? { body: { checks: [{ id: payload, state: other(i), applies: true, label: payload }] } }
          : metaError(payload, other(i));
        const channel = parsed(wire({ id: `ch_${i}`, name: payload, accountId: other(i), status: 'setup_incomplete' }));
        expect(el.showSetup(channel)).to.equal(true);
        await el.updateComplete;
        expect(text(root.querySelector('.step-heading')), `heading ${i + 1}`).to.equal(t.connectedTitle(payload));
        expect(text(root.querySelector('.result-row'))).to.contain(`Facebook · ${other(i)}`);
        await until(() => root.querySelector('[role="alert"]'), 'the check again error');
        const message = text(root.querySelector('[role="alert"] p.alert'));
        if (i % 2) expect(message, `checks ${i + 1}`).to.equal(t.errorInvalidResponse);
        else {
          expect(message, `error ${i + 1}`).to.equal(`${t.errorUnknown} ${payload}`);
          expect(text(root.querySelector('[role="alert"] .support-id'))).to.equal(t.supportId(other(i)));
        }
        expect(root.querySelector('[data-check]'), 'no check rendered from hostile data').to.equal(null);
        await settleAndCheck(el);
      }
      // Valid checks with hostile extra fields: the extras are dropped; the checks show the catalog's text.
      reply = { body: { checks: [{ id: 'webhook', state: 'verified', applies: true, label: CORPUS[0], html: CORPUS[1] }] } };
      el.showSetup(parsed(wire({ id: 'ch_ok', name: CORPUS[2]! })));
      await until(() => root.querySelector('[data-check="webhook"]'), 'the check');
      expect(text(root.querySelector('[data-check="webhook"]'))).to.contain(t.setupWebhook).and.not.contain('<img');
      await finalCheck(el);
    });

    it('Webchat: the snippet, the name and the account id of the created channel; Meta errors on Create', async () => {
      let reply: Reply = { status: 500 };
      const { el } = await mountWizard(({ path }) => (path === '/xss/webchat-channels' ? reply : undefined));
      const root = el.shadowRoot!;
      for (const [i, payload] of CORPUS.entries()) {
        el.show('webchat');
        await el.updateComplete;
        root.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Shop chat';
        root.querySelector<HTMLTextAreaElement>('textarea[name="domains"]')!.value = 'shop.example.com';
        reply = metaError(other(i), payload);
        root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await until(() => root.querySelector('[role="alert"]'), 'the create error');
        expect(text(root.querySelector('[role="alert"] p.alert')), `error ${i + 1}`).to.equal(`${t.errorUnknown} ${other(i)}`);
        expect(text(root.querySelector('[role="alert"] .support-id'))).to.equal(t.supportId(payload));
        await settleAndCheck(el);

        reply = { body: { channel: wire({ id: `web_${i}`, type: 'webchat', name: other(i, 2), accountId: other(i, 3) }), snippet: payload } };
        root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await until(() => root.querySelector('textarea.snippet'), 'the snippet');
        expect(root.querySelector<HTMLTextAreaElement>('textarea.snippet')!.value, `snippet ${i + 1}`).to.equal(payload);
        expect(root.querySelector('textarea.snippet')!.childElementCount, 'nothing inside the textarea').to.equal(0);
        expect(text(root.querySelector('.step-heading'))).to.equal(t.connectedTitle(other(i, 2)));
        expect(text(root.querySelector('.result-row'))).to.contain(other(i, 3));
        await settleAndCheck(el);
        await closeAndWait(el);
      }
      await finalCheck(el);
    });

    it("Meta's window: a callback error's support id and WhatsApp Embedded Signup's error message and ids", async function () {
      this.timeout(60_000);
      let next: ReturnType<typeof sessionFor> = sessionFor();
      const { el } = await mountWizard(({ method, path }) => (method === 'POST' && path === '/xss/authorizations' ? { body: next } : undefined));
      const opened: Window[] = [];
      el.openWindow = (...args) => {
        const popup = window.open(...args);
        if (popup) opened.push(popup);
        return popup;
      };
      const root = el.shadowRoot!;
      try {
        for (const [i, payload] of CORPUS.entries()) {
          const whatsapp = i % 2 === 1;
          next = sessionFor({
            channelType: whatsapp ? 'whatsapp' : 'instagram',
            // A same-origin page that says nothing: the test plays Meta's window from here.
            authorizeUrl: `${location.origin}/mockServiceWorker.js?xss-popup-${i}`,
            flow: whatsapp ? 'embedded_signup' : 'redirect',
            embeddedSignupOrigin: whatsapp ? location.origin : null,
          });
          el.show(whatsapp ? 'whatsapp' : 'instagram');
          await el.updateComplete;
          buttonIn(root, t.continueWithMeta)!.click();
          await until(() => root.querySelector('[role="status"]'), 'waiting for Meta');
          const popup = opened.at(-1)!;
          await until(() => {
            try {
              return popup.location.search === `?xss-popup-${i}`;
            } catch {
              return false;
            }
          }, 'the window sent to the authorize URL');
          if (whatsapp) {
            postFrom(popup, { type: 'WA_EMBEDDED_SIGNUP', event: 'ERROR', data: { error_message: payload, error_id: other(i), session_id: other(i, 2) } });
          } else {
            postFrom(popup, { type: 'channel-kit:authorization', state: next.state, error: { code: 'meta_error', message: payload, fbtraceId: other(i) } });
          }
          await until(() => root.querySelector('[role="alert"]'), 'the error from the window');
          const message = text(root.querySelector('[role="alert"] p.alert'));
          const supportId = text(root.querySelector('[role="alert"] .support-id'));
          if (whatsapp) {
            expect(message, `Embedded Signup message ${i + 1}`).to.equal(`${t.errorUnknown} ${payload}`);
            expect(supportId).to.equal(t.supportId(`${other(i)} / ${other(i, 2)}`));
          } else {
            expect(message, `callback error ${i + 1}`).to.equal(t.errorUnknown);
            expect(supportId).to.equal(t.supportId(other(i)));
          }
          await settleAndCheck(el);
          await closeAndWait(el);
        }
        await finalCheck(el);
      } finally {
        for (const popup of opened) if (!popup.closed) popup.close();
      }
    });
  });
});
