// Issue 13, item 2: the Add Channel wizard keeps the one dialog contract (see dialog-contract.test.ts),
// as the disconnect and reauthorize dialogs do. It refuses to open for a viewer who may not manage; a
// refused Continue with Meta reads as it does in the other dialogs (the permission note, an alert);
// its ✕ and Escape fire the cancelable `channel-dialog-close-request` with their source. Its own
// twist: half way through a connection, a request the host let through asks the person first
// ("Stop connecting?"), and Escape on that question means Keep going.
//
// Escape is a real key press: Chromium lets a page refuse it once per opening, after a user
// activation since the dialog opened (dialog-contract.test.ts measures this), so each test that
// expects a refusal clicks first and refuses one Escape.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Viewer } from '../../src/core/viewer.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import { en } from '../../src/i18n/locales/en.js';
import { clickOn, recordCancels, recordRequests } from '../support/dialogs.js';
import { backendFor, textOf, until } from '../support/fixtures.js';
import { metaBackend, popupRecorder } from '../support/popup.js';

const OWNER: Viewer = { product: 'caac', role: 'owner' };
const AGENT: Viewer = { product: 'caac', role: 'agent' };

const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const buttonOf = (el: Element, text: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text)!;
const nativeOpen = (el: Element) => $(el, 'dialog')!.hasAttribute('open');
const heading = (el: Element) => textOf($(el, '.step-heading'));
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));
/** Whether `selector` is in the wizard. (Asserting on an element itself: a failure's report would stall the runner.) */
const has = (el: Element, selector: string) => !!$(el, selector);

async function mountWizard(viewer: Viewer = OWNER) {
  const backend = metaBackend({ viewer });
  const popups = popupRecorder();
  const el = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${backend} .viewer=${viewer} .openWindow=${popups.open} locale="en"></add-channel-wizard>`);
  return { el, backend, popups };
}

describe('<add-channel-wizard> keeps the dialog contract', () => {
  it('show() and showSetup() refuse a viewer who may not manage: false, and nothing opens', async () => {
    const { el, backend } = await mountWizard(AGENT);
    expect(el.show()).to.equal(false);
    expect(el.show('instagram')).to.equal(false);
    expect(el.showSetup(await backend.getChannel('ch_6'))).to.equal(false);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(nativeOpen(el)).to.equal(false);
    expect(el.close(), 'nothing to close').to.equal(false);
  });

  it('a refused Continue with Meta reads as in the other dialogs: the permission note, an alert, and nowhere else', async () => {
    const { el, popups } = await mountWizard();
    const heard: string[] = [];
    el.addEventListener('channel-connect-error', (event) => heard.push(event.type));
    const { backend } = await backendFor();
    const other = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${backend} .viewer=${OWNER}></disconnect-dialog>`);
    expect(el.show('instagram')).to.equal(true);
    expect(other.show(await backend.getChannel('ch_1'))).to.equal(true);
    el.viewer = other.viewer = AGENT;
    await el.updateComplete;
    await other.updateComplete;
    expect($(el, '#permission-note')!.getAttribute('role'), 'a note before anything is refused').to.equal(null);
    buttonOf(el, en.continueWithMeta).click();
    buttonOf(other, en.disconnect).click();
    await tick();
    await el.updateComplete;
    const note = $(el, '#permission-note')!;
    expect(note.getAttribute('role')).to.equal('alert');
    expect(textOf(note)).to.equal(en.noPermission);
    expect([note.getAttribute('role'), textOf(note)], 'as the disconnect dialog says it').to.deep.equal([
      $(other, '#permission-note')!.getAttribute('role'),
      textOf($(other, '#permission-note')),
    ]);
    const alerts = [...el.shadowRoot!.querySelectorAll('[role="alert"]')];
    expect(alerts.map((alert) => alert === note), 'the one alert is the note').to.deep.equal([true]);
    expect(has(el, '[part="error"]'), 'no error panel').to.equal(false);
    expect(heard, 'a refusal is not a failed step').to.deep.equal([]);
    expect(popups.last, 'no Meta window').to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('its ✕ asks the host (source close-button); preventing it keeps the wizard open; let through, it closes', async () => {
    const { el } = await mountWizard();
    expect(el.show()).to.equal(true);
    await el.updateComplete;
    expect($(el, 'dialog')!.getAttribute('aria-labelledby')).to.equal('title');
    expect(textOf($(el, '#title'))).to.equal(en.addChannel);
    let refuse = true;
    const requests = recordRequests(el, () => refuse);
    const close = $(el, '.close-x')!;
    expect(close.getAttribute('aria-label')).to.equal(en.close);
    close.click();
    await tick();
    expect(requests.map((r) => [r.source, r.cancelable, r.bubbles, r.composed])).to.deep.equal([['close-button', true, true, true]]);
    expect(el.open).to.equal(true);
    expect(nativeOpen(el)).to.equal(true);
    expect(el.requestClose(), 'requestClose() asks as the ✕ does').to.equal(false);
    expect(requests.map((r) => r.source)).to.deep.equal(['close-button', 'close-button']);
    refuse = false;
    close.click();
    await until(() => !nativeOpen(el), 'closed');
    expect(requests.map((r) => r.source)).to.deep.equal(['close-button', 'close-button', 'close-button']);
    expect(el.open).to.equal(false);
  });

  it('Escape (a real key press) asks the host (source keyboard); preventing it keeps the wizard open', async () => {
    const { el } = await mountWizard();
    el.show();
    await el.updateComplete;
    await clickOn($(el, 'h2')!);
    const requests = recordRequests(el, () => true);
    const cancels = recordCancels(el);
    await sendKeys({ press: 'Escape' });
    await tick();
    expect(requests.map((r) => [r.source, r.cancelable, r.defaultPrevented])).to.deep.equal([['keyboard', true, true]]);
    expect(cancels.map((c) => [c.cancelable, c.defaultPrevented]), 'the native cancel refused').to.deep.equal([[true, true]]);
    expect(el.open).to.equal(true);
    expect(nativeOpen(el)).to.equal(true);
  });

  it('Escape let through by the host closes the wizard', async () => {
    const { el } = await mountWizard();
    el.show();
    await el.updateComplete;
    await clickOn($(el, 'h2')!);
    const requests = recordRequests(el);
    await sendKeys({ press: 'Escape' });
    await until(() => !nativeOpen(el), 'closed by Escape');
    expect(requests.map((r) => [r.source, r.cancelable])).to.deep.equal([['keyboard', true]]);
    expect(el.open).to.equal(false);
  });

  it('mid-flow, its ✕ asks the host, then the person ("Stop connecting?"); a request the host refuses asks nobody', async () => {
    const { el } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    let refuse = true;
    const requests = recordRequests(el, () => refuse);
    $(el, '.close-x')!.click();
    await el.updateComplete;
    expect(requests.map((r) => r.source)).to.deep.equal(['close-button']);
    expect(has(el, '.confirm-close'), 'the host refused: no question').to.equal(false);
    refuse = false;
    $(el, '.close-x')!.click();
    await el.updateComplete;
    expect(requests.map((r) => r.source)).to.deep.equal(['close-button', 'close-button']);
    expect(textOf($(el, '.confirm-close'))).to.contain(en.closeConfirmTitle);
    expect(el.open).to.equal(true);
    expect(nativeOpen(el)).to.equal(true);
    buttonOf(el, en.stop).click();
    await until(() => !nativeOpen(el), 'closed by Stop');
    expect(requests, 'Stop is the answer, not a new request').to.have.length(2);
    expect(el.open).to.equal(false);
  });

  it('Escape while it asks "Stop connecting?" means Keep going: the wizard stays at its step, and the host is not asked', async () => {
    const { el } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    const requests = recordRequests(el);
    const cancels = recordCancels(el);
    await clickOn($(el, '.close-x')!);
    await until(() => $(el, '.confirm-close'), 'the question');
    await until(() => textOf($(el, '.confirm-close button:focus')) === en.keepGoing, 'focus on the safe choice');
    await sendKeys({ press: 'Escape' });
    await tick();
    await el.updateComplete;
    expect(cancels.map((c) => [c.cancelable, c.defaultPrevented])).to.deep.equal([[true, true]]);
    expect(has(el, '.confirm-close'), 'the question is gone').to.equal(false);
    expect(heading(el)).to.equal(en.prerequisitesTitle);
    expect(requests.map((r) => r.source), 'only the ✕ asked the host').to.deep.equal(['close-button']);
    expect(el.open).to.equal(true);
    expect(nativeOpen(el)).to.equal(true);
  });
});
