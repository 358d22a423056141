/**
 * The fault matrix: every adapter operation the elements drive × every way the backend can fail,
 * through the elements, with the REST adapter over msw. Each case must end in a clear, localized
 * state (role="alert" with one of the catalog's error messages), with no unhandled rejection, no
 * console.error, and nothing changed that should not have. A slow answer followed by the element's
 * removal must abort the request, with nothing after it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { isChannelKitError } from '../../src/core/errors.js';
import type { Viewer } from '../../src/core/viewer.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import { en } from '../../src/i18n/locales/en.js';
import type { MessageKey, Translation } from '../../src/i18n/translation.js';
import { parseFailures, type FailureKind } from '../../src/mocks/failures.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { typicalOptions } from '../support/backends.js';
import { listOf, rowOf, settled, textOf, until } from '../support/fixtures.js';
import { useMockServer } from '../support/msw.js';
import { deepQueryAll, errorMessages, fakePopup, sleep, watchFaults, type FaultWatch } from './harness.js';

const OWNER: Viewer = { product: 'caac', role: 'owner' };

type Kind = Extract<FailureKind, 'network' | 'timeout' | 'notjson' | 'invalid' | 401 | 403 | 404 | 409 | 429 | 500>;
const KINDS: Kind[] = ['network', 'timeout', 'notjson', 'invalid', 401, 403, 404, 409, 429, 500];

/** The message each failure must end in (`describeError`'s mapping of the adapter's error). */
const EXPECTED: Record<Kind, MessageKey> = {
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  notjson: 'errorInvalidResponse',
  invalid: 'errorInvalidResponse',
  401: 'errorUnauthenticated',
  403: 'errorNotAllowed',
  404: 'errorNotFound',
  409: 'errorUnknown',
  429: 'errorRateLimited',
  500: 'errorUnknown',
};

/** How long a request may take before the adapter gives up with `timeout` (short for the timeout case). */
const timeoutFor = (kind?: Kind) => (kind === 'timeout' ? 500 : 8_000);
/** How long to wait for the error to show. */
const ERROR_WAIT = 4_000;

// ---- the rig: a MemoryBackend behind msw, the REST adapter in front --------------------------

interface SeenRequest {
  method: string;
  path: string;
  signal: AbortSignal;
}

let served = 0;

async function rig(fail?: string, { timeoutMs = 8_000, latencyMs }: { timeoutMs?: number; latencyMs?: number } = {}) {
  const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER });
  const baseUrl = `/api-sec-fault-${++served}`;
  const serve = async (spec?: string, latency?: number) => {
    const { plan, unknown } = parseFailures(spec);
    if (unknown.length) throw new Error(`unknown failure spec: ${unknown.join(', ')}`);
    await useMockServer(createHandlers({ backend: memory, baseUrl, latencyMs: latency, failures: plan }));
  };
  await serve(fail, latencyMs);
  const requests: SeenRequest[] = [];
  const backend = new RestBackend({
    baseUrl,
    timeoutMs,
    readRetries: 0,
    fetch: (input, init) => {
      const url = new URL(String(input), location.href);
      requests.push({ method: init?.method ?? 'GET', path: url.pathname.slice(baseUrl.length), signal: init!.signal! });
      return fetch(input, init);
    },
  });
  const requestTo = (method: string, pattern: RegExp) => requests.find((r) => r.method === method && pattern.test(r.path));
  return { memory, backend, requests, requestTo, serve };
}

async function mountSettingsOver(backend: RestBackend, locale = 'en') {
  const provider = await fixture(html`<channel-kit-provider .backend=${backend} locale=${locale}>
    <channel-settings></channel-settings>
  </channel-kit-provider>`);
  const el = provider.querySelector<ChannelSettings>('channel-settings')!;
  await settled(el);
  return { provider, el };
}

/** Mounted, loaded, and the viewer known (so managing is allowed). */
async function readySettings(backend: RestBackend, locale = 'en') {
  const mounted = await mountSettingsOver(backend, locale);
  await until(() => mounted.el.canManage && listOf(mounted.el).canManage, 'the viewer');
  await until(() => rowsOf(listOf(mounted.el)).length === 7, 'the rows');
  return mounted;
}

const rowsOf = (list: ChannelList) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')];
const inner = <T extends Element>(settings: ChannelSettings, selector: string) => settings.shadowRoot!.querySelector<T>(selector)!;
const buttonIn = (root: ShadowRoot, text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text);

/** What must not change: the backend's data and what the list shows. */
async function snapshot(memory: MemoryBackend, list: ChannelList) {
  const page = await memory.listChannels();
  return { data: JSON.stringify(page), rows: rowsOf(list).map((r) => `${r.dataset.id}|${textOf(r)}`) };
}

/**
 * Exactly one alert in `root`, non-empty, whose message (after `prefix`) is one of the catalog's
 * error messages: the one `kind` maps to.
 */
function expectClearAlert(root: ShadowRoot, t: Translation, kind: Kind, { prefix, messageSelector }: { prefix?: string; messageSelector?: string } = {}) {
  const alerts = [...root.querySelectorAll<HTMLElement>('[role="alert"]')];
  expect(alerts, 'exactly one alert').to.have.length(1);
  const alert = alerts[0]!;
  expect(textOf(alert), 'the alert is not empty').to.not.equal('');
  let message = textOf(messageSelector ? alert.querySelector(messageSelector) : alert);
  if (prefix) {
    expect(message.startsWith(`${prefix} `), `"${message}" starts with "${prefix}"`).to.equal(true);
    message = message.slice(prefix.length + 1);
  }
  expect(errorMessages(t), `"${message}" is one of the catalog's error messages`).to.include(message);
  expect(message).to.equal(t[EXPECTED[kind]]);
}

let watch: FaultWatch;
beforeEach(() => {
  watch = watchFaults();
});
afterEach(() => watch.stop());

/** No unhandled rejection, uncaught error or console.error so far (after the event loop has run a little). */
async function expectNoFaults() {
  await sleep(30);
  expect(watch.summary(), 'unhandled rejections, uncaught errors, console.error').to.equal('');
}

// ---- flows -----------------------------------------------------------------------------------

async function chooseDisconnect(settings: ChannelSettings, id: string): Promise<DisconnectDialog> {
  const list = listOf(settings);
  rowOf(list, id)!.querySelector<HTMLButtonElement>('.edit')!.click();
  await list.updateComplete;
  [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((i) => textOf(i) === 'Disconnect')!.click();
  const dialog = inner<DisconnectDialog>(settings, 'disconnect-dialog');
  await until(() => dialog.shadowRoot!.querySelector('dialog')?.hasAttribute('open'), 'the dialog open');
  return dialog;
}

async function openWebchatForm(settings: ChannelSettings): Promise<AddChannelWizard> {
  const wizard = inner<AddChannelWizard>(settings, 'add-channel-wizard');
  expect(wizard.show('webchat'), 'the wizard opens').to.equal(true);
  await wizard.updateComplete;
  const root = wizard.shadowRoot!;
  root.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Shop chat';
  root.querySelector<HTMLTextAreaElement>('textarea[name="domains"]')!.value = 'shop.example.com';
  return wizard;
}

const submitWebchat = (wizard: AddChannelWizard) => wizard.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

function countEvents(target: EventTarget, type: string) {
  const counter = { count: 0 };
  target.addEventListener(type, () => counter.count++);
  return counter;
}

// ---- the matrix ------------------------------------------------------------------------------

describe('fault matrix: every operation × every failure, through the elements (REST over msw)', function () {
  this.timeout(15_000);
  const t = en;

  describe('<channel-list> load (listChannels)', () => {
    for (const kind of KINDS) {
      it(`${kind}: the localized error with Retry, no rows, nothing changed; Retry loads once healed`, async () => {
        const r = await rig(`listChannels:${kind}`, { timeoutMs: timeoutFor(kind) });
        const before = JSON.stringify(await r.memory.listChannels());
        const { el } = await mountSettingsOver(r.backend);
        const list = listOf(el);
        await until(() => list.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(list.shadowRoot!, t, kind, { prefix: t.loadFailed });
        expect(rowsOf(list), 'no half-loaded rows').to.have.length(0);
        expect(list.shadowRoot!.querySelector('[aria-busy="true"]'), 'no longer loading').to.equal(null);
        expect(JSON.stringify(await r.memory.listChannels())).to.equal(before);
        await expectNoFaults();
        await r.serve();
        buttonIn(list.shadowRoot!, t.retry)!.click();
        await until(() => rowsOf(list).length === 7, 'the rows after Retry');
        expect(list.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
        await expectNoFaults();
      });
    }
  });

  describe('getViewer (asked by <channel-kit-provider>)', () => {
    async function mountWithFailingViewer(kind: Kind) {
      const r = await rig(`getViewer:${kind}`, { timeoutMs: timeoutFor(kind) });
      const outcomes: Promise<unknown>[] = [];
      const getViewer = r.backend.getViewer.bind(r.backend);
      r.backend.getViewer = (signal) => {
        const call = getViewer(signal);
        outcomes.push(call.then(() => 'resolved', (error: unknown) => error));
        return call;
      };
      const before = JSON.stringify(await r.memory.listChannels());
      const { el } = await mountSettingsOver(r.backend);
      await until(() => outcomes.length > 0, 'the viewer asked for');
      const [outcome] = await Promise.all(outcomes);
      await el.updateComplete;
      await listOf(el).updateComplete;
      await until(() => rowsOf(listOf(el)).length === 7, 'the rows');
      return { r, el, outcome, before };
    }

    for (const kind of KINDS) {
      it(`${kind}: fails safe: the rows still show, every control disabled, nothing changed`, async () => {
        const { r, el, outcome, before } = await mountWithFailingViewer(kind);
        expect(isChannelKitError(outcome), 'the adapter rejected with a ChannelKitError').to.equal(true);
        const list = listOf(el);
        expect(rowsOf(list)).to.have.length(7);
        expect([...list.shadowRoot!.querySelectorAll('.edit')].every((b) => b.getAttribute('aria-disabled') === 'true')).to.equal(true);
        expect(inner(el, '[part="add-button"]').getAttribute('aria-disabled')).to.equal('true');
        // The wizard opens as every dialog does, saying the lookup failed; its Continue is refused.
        const wizard = inner<AddChannelWizard>(el, 'add-channel-wizard');
        expect(wizard.show('facebook'), 'the wizard opens to say so').to.equal(true);
        await wizard.updateComplete;
        expect(textOf(wizard.shadowRoot!.querySelector('#permission-note'))).to.equal(t.viewerUnknown);
        [...wizard.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === t.continueWithMeta)!.click();
        wizard.close();
        expect(JSON.stringify(await r.memory.listChannels())).to.equal(before);
        await expectNoFaults();
      });

      it(`${kind}: says why, with a localized error message`, async () => {
        const { el } = await mountWithFailingViewer(kind);
        const alerts = deepQueryAll(el, '[role="alert"]').filter((a) => textOf(a) !== '');
        const messages = errorMessages(t);
        const explaining = alerts.filter((a) => messages.some((m) => textOf(a).includes(m)));
        expect(
          explaining.map((a) => textOf(a)),
          'an alert with the catalog message for the failure',
        ).to.have.length.greaterThan(0);
        expect(textOf(explaining[0])).to.contain(t[EXPECTED[kind]]);
        await expectNoFaults();
      });
    }
  });

  describe('<disconnect-dialog> (disconnectChannel)', () => {
    for (const kind of KINDS) {
      it(`${kind}: the localized error, Try again, the channel and the list unchanged`, async () => {
        const r = await rig(`disconnectChannel:${kind}`, { timeoutMs: timeoutFor(kind) });
        const { el } = await readySettings(r.backend);
        const list = listOf(el);
        const before = await snapshot(r.memory, list);
        const dialog = await chooseDisconnect(el, 'ch_1');
        const disconnected = countEvents(dialog, 'channel-disconnected');
        dialog.shadowRoot!.querySelector<HTMLElement>('[part="confirm-button"]')!.click();
        await until(() => dialog.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(dialog.shadowRoot!, t, kind, { messageSelector: 'p' });
        expect(textOf(dialog.shadowRoot!.querySelector('[part="confirm-button"]'))).to.equal(t.tryAgain);
        expect(dialog.shadowRoot!.querySelector('[role="status"]'), 'no success shown').to.equal(null);
        expect(disconnected.count).to.equal(0);
        expect(await snapshot(r.memory, list)).to.deep.equal(before);
        expect(textOf(rowOf(list, 'ch_1'))).to.contain(t.statusConnected);
        await expectNoFaults();
      });
    }
  });

  describe('<add-channel-wizard> Webchat (createWebchat)', () => {
    for (const kind of KINDS) {
      it(`${kind}: the localized error panel, the form kept, nothing created`, async () => {
        const r = await rig(`createWebchat:${kind}`, { timeoutMs: timeoutFor(kind) });
        const { el } = await readySettings(r.backend);
        const list = listOf(el);
        const before = await snapshot(r.memory, list);
        const wizard = await openWebchatForm(el);
        const connected = countEvents(wizard, 'channel-connected');
        submitWebchat(wizard);
        await until(() => wizard.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(wizard.shadowRoot!, t, kind, { messageSelector: 'p.alert' });
        const root = wizard.shadowRoot!;
        expect(buttonIn(root, t.tryAgain), 'Try again').to.not.equal(undefined);
        expect(root.querySelector<HTMLInputElement>('input[name="name"]')!.value, 'the form is kept').to.equal('Shop chat');
        expect(root.querySelector<HTMLTextAreaElement>('textarea[name="domains"]')!.value).to.equal('shop.example.com');
        expect(root.querySelector('textarea.snippet'), 'no snippet').to.equal(null);
        expect(connected.count).to.equal(0);
        expect(await snapshot(r.memory, list)).to.deep.equal(before);
        await expectNoFaults();
      });
    }
  });

  describe('<add-channel-wizard> Continue with Meta (startAuthorization)', () => {
    for (const kind of KINDS) {
      it(`${kind}: the localized error panel, the Meta window closed, nothing changed`, async () => {
        const r = await rig(`startAuthorization:${kind}`, { timeoutMs: timeoutFor(kind) });
        const { el } = await readySettings(r.backend);
        const list = listOf(el);
        const before = await snapshot(r.memory, list);
        const wizard = inner<AddChannelWizard>(el, 'add-channel-wizard');
        const popup = fakePopup();
        wizard.openWindow = popup.open;
        const connected = countEvents(wizard, 'channel-connected');
        expect(wizard.show('instagram')).to.equal(true);
        await wizard.updateComplete;
        buttonIn(wizard.shadowRoot!, t.continueWithMeta)!.click();
        await until(() => wizard.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(wizard.shadowRoot!, t, kind, { messageSelector: 'p.alert' });
        expect(wizard.shadowRoot!.querySelector('[role="status"]'), 'no longer waiting').to.equal(null);
        expect(popup.opened).to.equal(1);
        expect(popup.closed, 'the Meta window is closed').to.equal(true);
        expect(popup.navigations, 'the window was sent nowhere').to.deep.equal([]);
        expect(connected.count).to.equal(0);
        expect(await snapshot(r.memory, list)).to.deep.equal(before);
        await expectNoFaults();
      });
    }
  });

  describe('<reauthorize-dialog> Continue with Meta (startAuthorization, mode reauthorize)', () => {
    for (const kind of KINDS) {
      it(`${kind}: the localized error panel, the Meta window closed, the channel unchanged`, async () => {
        const r = await rig(`startAuthorization:${kind}`, { timeoutMs: timeoutFor(kind) });
        const { el } = await readySettings(r.backend);
        const list = listOf(el);
        const before = await snapshot(r.memory, list);
        const dialog = inner<ReauthorizeDialog>(el, 'reauthorize-dialog');
        const popup = fakePopup();
        dialog.openWindow = popup.open;
        const reauthorized = countEvents(dialog, 'channel-reauthorized');
        expect(dialog.show(list.channels.find((c) => c.id === 'ch_2'))).to.equal(true);
        await dialog.updateComplete;
        buttonIn(dialog.shadowRoot!, t.continueWithMeta)!.click();
        await until(() => dialog.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(dialog.shadowRoot!, t, kind, { messageSelector: 'p.alert' });
        expect(dialog.shadowRoot!.querySelector('[role="status"]'), 'no longer waiting').to.equal(null);
        expect(popup.closed, 'the Meta window is closed').to.equal(true);
        expect(popup.navigations).to.deep.equal([]);
        expect(reauthorized.count).to.equal(0);
        expect(await snapshot(r.memory, list)).to.deep.equal(before);
        await expectNoFaults();
      });
    }
  });

  describe('localized in every locale', () => {
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      it(`${locale}: the list's load error and the disconnect error come from the ${locale} catalog`, async () => {
        const lt = await loadTranslation(locale);
        const failing = await rig('listChannels:500');
        const { el: broken } = await mountSettingsOver(failing.backend, locale);
        const list = listOf(broken);
        await until(() => list.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(list.shadowRoot!, lt, 500, { prefix: lt.loadFailed });

        const r = await rig('disconnectChannel:network');
        const { el } = await readySettings(r.backend, locale);
        const row = rowOf(listOf(el), 'ch_1')!;
        row.querySelector<HTMLButtonElement>('.edit')!.click();
        await listOf(el).updateComplete;
        listOf(el).shadowRoot!.querySelector<HTMLButtonElement>('[role="menuitem"][data-action="disconnect"]')!.click();
        const dialog = inner<DisconnectDialog>(el, 'disconnect-dialog');
        await until(() => dialog.shadowRoot!.querySelector('dialog')?.hasAttribute('open'), 'the dialog open');
        dialog.shadowRoot!.querySelector<HTMLElement>('[part="confirm-button"]')!.click();
        await until(() => dialog.shadowRoot!.querySelector('[role="alert"]'), 'the error', ERROR_WAIT);
        expectClearAlert(dialog.shadowRoot!, lt, 'network', { messageSelector: 'p' });
        expect(lt.errorNetwork).to.not.equal(en.errorNetwork);
        await expectNoFaults();
      });
    }
  });

  describe('closing and opening again at once (close(), await updateComplete, show())', () => {
    // A native <dialog> fires its `close` event in a later task; the elements handle it by closing
    // (and, for the wizard and the reauthorize dialog, aborting the flow), so a show() in between is undone.
    const isOpen = (el: Element) => el.shadowRoot!.querySelector('dialog')!.hasAttribute('open');

    it('<add-channel-wizard>: stays open, and the Webchat it then creates is not aborted half-way', async () => {
      const r = await rig();
      const { el } = await readySettings(r.backend);
      const wizard = inner<AddChannelWizard>(el, 'add-channel-wizard');
      wizard.show('webchat');
      await wizard.updateComplete;
      wizard.close();
      await wizard.updateComplete;
      await openWebchatForm(el);
      submitWebchat(wizard);
      await sleep(300);
      expect(wizard.shadowRoot!.querySelector('textarea.snippet'), 'the snippet (not "Creating…" for ever)').to.not.equal(null);
      expect(wizard.open && isOpen(wizard), 'the wizard is open').to.equal(true);
      await expectNoFaults();
    });

    it('<reauthorize-dialog>: stays open', async () => {
      const r = await rig();
      const { el } = await readySettings(r.backend);
      const dialog = inner<ReauthorizeDialog>(el, 'reauthorize-dialog');
      const channel = listOf(el).channels.find((c) => c.id === 'ch_2');
      dialog.show(channel);
      await dialog.updateComplete;
      dialog.close();
      await dialog.updateComplete;
      dialog.show(channel);
      await dialog.updateComplete;
      await sleep(100);
      expect(dialog.open && isOpen(dialog), 'the dialog is open').to.equal(true);
      await expectNoFaults();
    });

    it('<disconnect-dialog>: stays open', async () => {
      const r = await rig();
      const { el } = await readySettings(r.backend);
      const dialog = await chooseDisconnect(el, 'ch_1');
      dialog.close();
      await dialog.updateComplete;
      dialog.show();
      await dialog.updateComplete;
      await sleep(100);
      expect(dialog.open && isOpen(dialog), 'the dialog is open').to.equal(true);
      await expectNoFaults();
    });
  });

  describe('a slow answer, then the element removed: the request is aborted, nothing follows', () => {
    const LATENCY = 600;

    /** After removal: every request the elements started is aborted, and nothing happens later. */
    async function expectAbortedAndQuiet(pending: SeenRequest[], roots: ShadowRoot[]) {
      expect(pending.length, 'requests in flight').to.be.greaterThan(0);
      await until(() => pending.every((r) => r.signal.aborted), 'every request in flight aborted', 1_000);
      await sleep(LATENCY + 300);
      for (const root of roots) {
        expect(root.querySelector('[role="alert"]'), 'no error shown after removal').to.equal(null);
      }
      await expectNoFaults();
    }

    it('listChannels: <channel-list> removed while loading', async () => {
      const r = await rig(undefined, { latencyMs: LATENCY });
      const list = await fixture<ChannelList>(html`<channel-list .backend=${r.backend} .viewer=${OWNER}></channel-list>`);
      await until(() => r.requestTo('GET', /^\/channels/), 'the list request');
      list.remove();
      await expectAbortedAndQuiet(r.requests, [list.shadowRoot!]);
      expect(rowsOf(list)).to.have.length(0);
    });

    it('getViewer: a <channel-list> on its own, removed while asking who the viewer is', async () => {
      const r = await rig(undefined, { latencyMs: LATENCY });
      const list = await fixture<ChannelList>(html`<channel-list .backend=${r.backend}></channel-list>`);
      await until(() => r.requestTo('GET', /^\/viewer$/), 'the viewer request');
      list.remove();
      await expectAbortedAndQuiet(r.requests, [list.shadowRoot!]);
      expect(list.activeViewer).to.equal(null);
    });

    it('getViewer and listChannels: <channel-kit-provider> with <channel-settings> removed while loading', async () => {
      const r = await rig(undefined, { latencyMs: LATENCY });
      const provider = await fixture(html`<channel-kit-provider .backend=${r.backend}><channel-settings></channel-settings></channel-kit-provider>`);
      const el = provider.querySelector<ChannelSettings>('channel-settings')!;
      await until(() => r.requestTo('GET', /^\/viewer$/) && r.requestTo('GET', /^\/channels/), 'both requests');
      provider.remove();
      await expectAbortedAndQuiet(r.requests, [el.shadowRoot!, listOf(el).shadowRoot!]);
    });

    it('disconnectChannel: <channel-settings> removed while disconnecting', async () => {
      const r = await rig();
      const { provider, el } = await readySettings(r.backend);
      await r.serve(undefined, LATENCY);
      const mark = r.requests.length;
      const dialog = await chooseDisconnect(el, 'ch_1');
      const disconnected = countEvents(dialog, 'channel-disconnected');
      dialog.shadowRoot!.querySelector<HTMLElement>('[part="confirm-button"]')!.click();
      await until(() => r.requestTo('POST', /\/disconnect$/), 'the disconnect request');
      provider.remove();
      await expectAbortedAndQuiet(r.requests.slice(mark), [dialog.shadowRoot!]);
      expect(dialog.shadowRoot!.querySelector('[role="status"]'), 'no success shown').to.equal(null);
      expect(disconnected.count).to.equal(0);
    });

    it('createWebchat: <channel-settings> removed while creating', async () => {
      const r = await rig();
      const { provider, el } = await readySettings(r.backend);
      await r.serve(undefined, LATENCY);
      const mark = r.requests.length;
      const wizard = await openWebchatForm(el);
      const connected = countEvents(wizard, 'channel-connected');
      submitWebchat(wizard);
      await until(() => r.requestTo('POST', /^\/webchat-channels$/), 'the create request');
      provider.remove();
      await expectAbortedAndQuiet(r.requests.slice(mark), [wizard.shadowRoot!]);
      expect(connected.count).to.equal(0);
    });

    it('startAuthorization: the wizard removed while the session is being started', async () => {
      const r = await rig();
      const { provider, el } = await readySettings(r.backend);
      await r.serve(undefined, LATENCY);
      const mark = r.requests.length;
      const wizard = inner<AddChannelWizard>(el, 'add-channel-wizard');
      const popup = fakePopup();
      wizard.openWindow = popup.open;
      wizard.show('facebook');
      await wizard.updateComplete;
      buttonIn(wizard.shadowRoot!, t.continueWithMeta)!.click();
      await until(() => r.requestTo('POST', /^\/authorizations$/), 'the authorization request');
      provider.remove();
      await expectAbortedAndQuiet(r.requests.slice(mark), [wizard.shadowRoot!]);
      expect(popup.closed, 'the Meta window is closed').to.equal(true);
      expect(popup.navigations, 'and was sent nowhere').to.deep.equal([]);
    });

    it('startAuthorization: the reauthorize dialog removed while the session is being started', async () => {
      const r = await rig();
      const { provider, el } = await readySettings(r.backend);
      await r.serve(undefined, LATENCY);
      const mark = r.requests.length;
      const dialog = inner<ReauthorizeDialog>(el, 'reauthorize-dialog');
      const popup = fakePopup();
      dialog.openWindow = popup.open;
      dialog.show(listOf(el).channels.find((c) => c.id === 'ch_2'));
      await dialog.updateComplete;
      buttonIn(dialog.shadowRoot!, t.continueWithMeta)!.click();
      await until(() => r.requestTo('POST', /^\/authorizations$/), 'the authorization request');
      provider.remove();
      await expectAbortedAndQuiet(r.requests.slice(mark), [dialog.shadowRoot!]);
      expect(popup.closed, 'the Meta window is closed').to.equal(true);
      expect(popup.navigations).to.deep.equal([]);
    });
  });
});
