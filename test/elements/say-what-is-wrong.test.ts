// Issue 13, item 4: say what is wrong. A dialog whose viewer lookup failed says so, with Try again
// (not "no permission"); in development builds (the tests run the sources, so the development
// module), an element left with no backend warns once, naming the fix.
import { expect, fixture, html } from '@open-wc/testing';
import { ChannelSchema } from '../../src/core/channel.js';
import { devModeTiming } from '../../src/core/dev-mode.js';
import { ChannelKitError } from '../../src/core/errors.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelKitElement } from '../../src/elements/base/channel-kit-element.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import { en } from '../../src/i18n/locales/en.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { define } from '../../src/registration.js';
import { typicalOptions } from '../support/backends.js';
import { textOf, until } from '../support/fixtures.js';
import { popupRecorder } from '../support/popup.js';

const channel = ChannelSchema.parse({ id: 'ch_2', type: 'facebook', name: 'Bangkok Coffee', accountId: 'fb_1001', status: 'token_expired' });
const inShadow = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const buttonIn = (el: Element, text: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text);

/** A backend whose `getViewer` fails (the server cannot be reached) until `heal()`; it counts its calls. */
function backendWithFailingViewer() {
  const memory = new MemoryBackend({ ...typicalOptions(), viewer: { product: 'caac', role: 'owner' } });
  const calls: string[] = [];
  let failing = true;
  const getViewer = memory.getViewer.bind(memory);
  memory.getViewer = (signal) => {
    calls.push('getViewer');
    return failing ? Promise.reject(new ChannelKitError('network', 'The server could not be reached.')) : getViewer(signal);
  };
  const disconnect = memory.disconnect.bind(memory);
  memory.disconnect = (id, signal) => {
    calls.push('disconnect');
    return disconnect(id, signal);
  };
  return { backend: memory, calls, heal: () => void (failing = false), fail: () => void (failing = true) };
}

/** What a failed viewer lookup must show in a dialog: the lookup failed, why, and Try again — never "no permission". */
function expectLookupFailureShown(el: ChannelKitElement) {
  expect(textOf(inShadow(el, '#permission-note')), 'the note says the lookup failed').to.equal(en.viewerUnknown);
  const panel = textOf(inShadow(el, '[part="error"]'));
  expect(panel, 'the error panel says why').to.contain(en.errorNetwork);
  expect(panel).to.contain(en.tryAgain);
  expect(textOf(inShadow(el, 'dialog')), 'not a permission refusal').to.not.contain(en.noPermission);
}

describe('a dialog whose viewer lookup failed', () => {
  it('<disconnect-dialog>: says the lookup failed, with Try again, which asks again and then lets it work', async () => {
    const { backend, calls, heal } = backendWithFailingViewer();
    const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${backend}></disconnect-dialog>`);
    await until(() => dialog.activeViewerError, 'the failed lookup');
    dialog.show(channel);
    await dialog.updateComplete;
    expectLookupFailureShown(dialog);
    const confirm = inShadow(dialog, '[part="confirm-button"]')!;
    expect(confirm.getAttribute('aria-disabled')).to.equal('true');
    expect(confirm.getAttribute('aria-describedby')).to.equal('permission-note');
    await expect(dialog).to.be.accessible();

    // The disabled Disconnect, pressed anyway: nothing is sent, and no "no permission" appears.
    confirm.click();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await dialog.updateComplete;
    expect(calls.filter((c) => c === 'disconnect')).to.deep.equal([]);
    expectLookupFailureShown(dialog);

    heal();
    const asked = calls.length;
    buttonIn(dialog, en.tryAgain)!.click();
    await until(() => dialog.canManage, 'the viewer, asked again');
    expect(calls.length, 'Try again asked the backend again').to.equal(asked + 1);
    await dialog.updateComplete;
    expect(inShadow(dialog, '#permission-note')).to.equal(null);
    expect(inShadow(dialog, '[part="error"]')).to.equal(null);
    expect(inShadow(dialog, '[part="confirm-button"]')!.getAttribute('aria-disabled')).to.equal('false');
    expect((await dialog.confirm())?.status).to.equal('disconnected');
  });

  it('<disconnect-dialog> inside a provider: the provider\'s failed lookup, and its retry', async () => {
    const { backend, heal } = backendWithFailingViewer();
    const provider = await fixture(html`<channel-kit-provider .backend=${backend}><disconnect-dialog></disconnect-dialog></channel-kit-provider>`);
    const dialog = provider.querySelector<DisconnectDialog>('disconnect-dialog')!;
    await until(() => dialog.activeViewerError, 'the provider\'s failed lookup');
    dialog.show(channel);
    await dialog.updateComplete;
    expectLookupFailureShown(dialog);
    heal();
    buttonIn(dialog, en.tryAgain)!.click();
    await until(() => dialog.canManage, 'the viewer, asked again by the provider');
    await dialog.updateComplete;
    expect(inShadow(dialog, '[part="error"]')).to.equal(null);
  });

  it('<reauthorize-dialog>: open when the lookup fails, it says so; Continue with Meta adds no "no permission"', async () => {
    const { backend, fail, heal } = backendWithFailingViewer();
    heal();
    const popups = popupRecorder();
    const dialog = await fixture<ReauthorizeDialog>(html`<reauthorize-dialog .backend=${backend} .openWindow=${popups.open}></reauthorize-dialog>`);
    await until(() => dialog.canManage, 'the viewer');
    expect(dialog.show(channel)).to.equal(true);
    fail();
    dialog.retryViewer();
    await until(() => dialog.activeViewerError, 'the failed lookup');
    await dialog.updateComplete;
    expectLookupFailureShown(dialog);
    await expect(dialog).to.be.accessible();
    buttonIn(dialog, en.continueWithMeta)!.click();
    await dialog.updateComplete;
    expect(popups.last, 'no Meta window').to.equal(undefined);
    expect(dialog.shadowRoot!.querySelectorAll('[part="error"]')).to.have.length(1);
    expectLookupFailureShown(dialog);
  });

  it('<add-channel-wizard>: open when the lookup fails, its authorize step says so; Continue adds no "no permission"', async () => {
    const { backend, fail, heal } = backendWithFailingViewer();
    heal();
    const popups = popupRecorder();
    const wizard = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${backend} .openWindow=${popups.open}></add-channel-wizard>`);
    await until(() => wizard.canManage, 'the viewer');
    expect(wizard.show('facebook')).to.equal(true);
    fail();
    wizard.retryViewer();
    await until(() => wizard.activeViewerError, 'the failed lookup');
    await wizard.updateComplete;
    expectLookupFailureShown(wizard);
    buttonIn(wizard, en.continueWithMeta)!.click();
    await wizard.updateComplete;
    expect(popups.last, 'no Meta window').to.equal(undefined);
    expect(wizard.shadowRoot!.querySelectorAll('[part="error"]')).to.have.length(1);
    expectLookupFailureShown(wizard);
  });
  it('<add-channel-wizard>: opened after the lookup failed, as the dialogs are; its first step says so, Try again lets it work', async () => {
    const { backend, heal } = backendWithFailingViewer();
    const popups = popupRecorder();
    const wizard = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${backend} .openWindow=${popups.open}></add-channel-wizard>`);
    await until(() => wizard.activeViewerError, 'the failed lookup');
    expect(wizard.show(), 'it opens, as the dialogs do').to.equal(true);
    await wizard.updateComplete;
    expectLookupFailureShown(wizard);
    await expect(wizard).to.be.accessible();
    heal();
    buttonIn(wizard, en.tryAgain)!.click();
    await until(() => wizard.canManage, 'the viewer, asked again');
    await wizard.updateComplete;
    expect(inShadow(wizard, '#permission-note')).to.equal(null);
    expect(inShadow(wizard, '[part="error"]')).to.equal(null);
  });
});

describe('development builds: an element with no backend', () => {
  let warnings: unknown[][] = [];
  const originalWarn = console.warn;
  const grace = devModeTiming.backendGraceMs;
  let prefixes = 0;
  /** Fresh tag names for each test (each tag warns once per page): `dwN-channel-list` and so on. */
  const freshTags = () => {
    const prefix = `dw${++prefixes}`;
    define({ prefix });
    return (name: string) => `${prefix}-${name}`;
  };
  const mounted: HTMLElement[] = [];
  /** Connects `<tag>` elements (each with the elements of its own nesting inside) to the page. */
  const mount = (...tags: string[]) => {
    const elements = tags.map((nesting) => {
      const [outer, ...inner] = nesting.split(' > ').map((tag) => document.createElement(tag));
      inner.reduce((parent, child) => parent.appendChild(child), outer!);
      return outer!;
    });
    document.body.append(...elements);
    mounted.push(...elements);
    return elements as ChannelKitElement[];
  };
  const afterGrace = () => new Promise((resolve) => setTimeout(resolve, devModeTiming.backendGraceMs * 3 + 50));
  const texts = () => warnings.map((args) => String(args[0]));

  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    devModeTiming.backendGraceMs = 60;
  });
  afterEach(() => {
    console.warn = originalWarn;
    devModeTiming.backendGraceMs = grace;
    for (const host of mounted.splice(0)) host.remove();
  });

  it('<channel-list>: warns once, naming the element and the fix, and hands over the element', async () => {
    const tag = freshTags();
    const [first] = mount(tag('channel-list'), tag('channel-list'));
    await afterGrace();
    expect(texts()).to.have.length(1);
    expect(texts()[0]).to.contain(`<${tag('channel-list')}> has no backend`).and.contain('`backend`').and.contain('<channel-kit-provider>');
    expect(warnings[0]![1], 'the element, to inspect from the console').to.equal(first);
    mount(tag('channel-list'));
    await afterGrace();
    expect(texts(), 'once per page').to.have.length(1);
  });

  it('each dialog warns for itself', async () => {
    const tag = freshTags();
    mount(tag('disconnect-dialog'), tag('reauthorize-dialog'), tag('add-channel-wizard'));
    await afterGrace();
    expect(texts().map((text) => text.slice(0, text.indexOf('>') + 1)).sort()).to.deep.equal(
      [`<${tag('add-channel-wizard')}>`, `<${tag('disconnect-dialog')}>`, `<${tag('reauthorize-dialog')}>`],
    );
  });

  it('<channel-settings>: one warning, its own (not one more for each element inside it)', async () => {
    const tag = freshTags();
    mount(tag('channel-settings'));
    await afterGrace();
    expect(texts()).to.have.length(1);
    expect(texts()[0]).to.contain(`<${tag('channel-settings')}> has no backend`);
  });

  it('a provider without a backend: the element inside warns', async () => {
    const tag = freshTags();
    mount(`${tag('channel-kit-provider')} > ${tag('channel-list')}`);
    await afterGrace();
    expect(texts()).to.have.length(1);
    expect(texts()[0]).to.contain(`<${tag('channel-list')}> has no backend`);
  });

  it('stays silent with a backend: set on it, set a moment after connecting, or provided', async () => {
    const tag = freshTags();
    const backend = new MemoryBackend(typicalOptions());
    const [own, late, provider] = mount(tag('channel-list'), tag('disconnect-dialog'), `${tag('channel-kit-provider')} > ${tag('channel-settings')}`);
    own!.backend = backend;
    setTimeout(() => (late!.backend = backend), devModeTiming.backendGraceMs / 2);
    provider!.backend = backend;
    await afterGrace();
    expect(texts()).to.deep.equal([]);
  });

  it('<channel-status-badge> needs no backend: silent', async () => {
    const tag = freshTags();
    mount(tag('channel-status-badge')).forEach((badge) => badge.setAttribute('status', 'connected'));
    await afterGrace();
    expect(texts()).to.deep.equal([]);
  });
});
