// Issue 13, item 2: one dialog contract. Every dialog opens with `show(…)` and closes with `close()`,
// each saying whether it did; a viewer who may not manage is refused, and an action refused reads the
// same in every dialog (the permission note). A person's request to close (✕, Cancel, Escape) fires a
// cancelable `channel-dialog-close-request` that says its source; preventing it keeps the dialog open.
//
// Escape is a real key press here: what a page may refuse is the browser's to say. Chromium 156 lets a
// page refuse Escape once per opening of a dialog, and only after a user activation (a click, a key
// press other than Escape) since it opened: every further Escape in that opening arrives not
// cancelable, a click or key press between or not, and the dialog closes whatever the page does. The
// dialog then still tells the host, with a request whose `cancelable` is false. (Measured here: a
// click on text or on a button, a key press, a 6 s wait between: none gave a second refusal.)
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Channel } from '../../src/core/channel.js';
import type { Viewer } from '../../src/core/viewer.js';
import { ChannelKitDialog } from '../../src/elements/base/channel-kit-dialog.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import { en } from '../../src/i18n/locales/en.js';
import { clickOn, recordCancels, recordRequests } from '../support/dialogs.js';
import { backendFor, textOf, until } from '../support/fixtures.js';
import { popupRecorder } from '../support/popup.js';

const OWNER: Viewer = { product: 'caac', role: 'owner' };
const AGENT: Viewer = { product: 'caac', role: 'agent' };

type Dialog = DisconnectDialog | ReauthorizeDialog;

/** The two dialogs, each with a channel it opens for and its confirming action's button. */
const DIALOGS = [
  { tag: 'disconnect-dialog', channelId: 'ch_1', action: 'Disconnect' },
  { tag: 'reauthorize-dialog', channelId: 'ch_2', action: 'Continue with Meta' },
] as const;

type Case = (typeof DIALOGS)[number];

const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const buttonOf = (el: Element, text: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text)!;
const nativeOpen = (el: Element) => $(el, 'dialog')!.hasAttribute('open');
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

async function mount({ tag, channelId }: Case, viewer: Viewer = OWNER, rest?: { latencyMs: number }) {
  const { memory, backend } = await backendFor({ viewer, ...(rest ? { rest } : {}) });
  const popups = popupRecorder();
  const el =
    tag === 'disconnect-dialog'
      ? await fixture<Dialog>(html`<disconnect-dialog .backend=${backend} .viewer=${viewer}></disconnect-dialog>`)
      : await fixture<Dialog>(html`<reauthorize-dialog .backend=${backend} .viewer=${viewer} .openWindow=${popups.open}></reauthorize-dialog>`);
  const channel: Channel = await memory.getChannel(channelId);
  return { el, channel, popups, memory };
}

/** A bare dialog on the base: the shell with its ✕. */
class ContractDialog extends ChannelKitDialog {
  closed = 0;
  protected afterClose(): void {
    this.closed++;
  }
  override render() {
    return this.renderDialog('Heading', html`<p>Body</p>`, html`<button class="button">Action</button>`, true);
  }
}
customElements.define('contract-test-dialog', ContractDialog);

describe('the dialog contract', () => {
  for (const dialog of DIALOGS) {
    describe(`<${dialog.tag}>`, () => {
      it('show() and close() say whether they did', async () => {
        const { el, channel } = await mount(dialog);
        expect(el.close(), 'nothing to close yet').to.equal(false);
        expect(el.show(channel)).to.equal(true);
        await el.updateComplete;
        expect(nativeOpen(el)).to.equal(true);
        expect(el.close()).to.equal(true);
        await el.updateComplete;
        expect(nativeOpen(el)).to.equal(false);
        expect(el.close(), 'closed already').to.equal(false);
      });

      it('show() refuses a viewer who may not manage: false, and nothing opens', async () => {
        const { el, channel } = await mount(dialog, AGENT);
        expect(el.show(channel)).to.equal(false);
        await el.updateComplete;
        expect(el.open).to.equal(false);
        expect(nativeOpen(el)).to.equal(false);
        expect(el.close()).to.equal(false);
      });

      it('an action refused shows in the permission note, an alert, and nowhere else; nothing is sent', async () => {
        const { el, channel, popups, memory } = await mount(dialog);
        expect(el.show(channel)).to.equal(true);
        el.viewer = AGENT;
        await el.updateComplete;
        expect($(el, '#permission-note')!.getAttribute('role'), 'a note before anything is refused').to.equal(null);
        buttonOf(el, dialog.action).click();
        await tick();
        await el.updateComplete;
        const note = $(el, '#permission-note')!;
        expect(note.getAttribute('role')).to.equal('alert');
        expect(textOf(note)).to.equal(en.noPermission);
        expect([...el.shadowRoot!.querySelectorAll('[role="alert"]')]).to.deep.equal([note]);
        expect($(el, '[part="error"]'), 'no error panel').to.equal(null);
        expect(popups.last, 'no Meta window').to.equal(undefined);
        expect((await memory.getChannel(channel.id)).status).to.equal(channel.status);
        await expect(el).to.be.accessible();
      });

      it('Cancel asks the host first (source cancel-button); preventing it keeps the dialog open', async () => {
        const { el, channel } = await mount(dialog);
        el.show(channel);
        await el.updateComplete;
        let refuse = true;
        const requests = recordRequests(el, () => refuse);
        buttonOf(el, 'Cancel').click();
        await tick();
        expect(requests.map((r) => [r.source, r.cancelable, r.bubbles, r.composed])).to.deep.equal([['cancel-button', true, true, true]]);
        expect(el.open).to.equal(true);
        expect(nativeOpen(el)).to.equal(true);
        refuse = false;
        buttonOf(el, 'Cancel').click();
        await until(() => !nativeOpen(el), 'closed');
        expect(requests.map((r) => r.source)).to.deep.equal(['cancel-button', 'cancel-button']);
        expect(el.open).to.equal(false);
      });

      it('Escape (a real key press) asks the host (source keyboard), then closes', async () => {
        const { el, channel } = await mount(dialog);
        el.show(channel);
        await el.updateComplete;
        await clickOn($(el, 'h2')!, 4);
        const requests = recordRequests(el);
        await sendKeys({ press: 'Escape' });
        await until(() => !nativeOpen(el), 'closed by Escape');
        expect(requests.map((r) => [r.source, r.cancelable])).to.deep.equal([['keyboard', true]]);
        expect(el.open).to.equal(false);
      });

      it('Escape refused by the host keeps the dialog open; a second Escape in a row, the browser closes it, and the host is told', async () => {
        const { el, channel } = await mount(dialog);
        el.show(channel);
        await el.updateComplete;
        await clickOn($(el, 'h2')!, 4);
        const requests = recordRequests(el, () => true);
        const cancels = recordCancels(el);
        await sendKeys({ press: 'Escape' });
        await tick();
        expect(requests.map((r) => [r.source, r.cancelable, r.defaultPrevented])).to.deep.equal([['keyboard', true, true]]);
        expect(cancels.map((c) => [c.cancelable, c.defaultPrevented]), 'the native cancel refused').to.deep.equal([[true, true]]);
        expect(el.open).to.equal(true);
        expect(nativeOpen(el)).to.equal(true);
        // No click between: Chromium no longer lets the page refuse.
        await sendKeys({ press: 'Escape' });
        await until(() => !nativeOpen(el), 'closed by the second Escape');
        expect(cancels.map((c) => c.cancelable)).to.deep.equal([true, false]);
        expect(requests.map((r) => [r.source, r.cancelable])).to.deep.equal([
          ['keyboard', true],
          ['keyboard', false],
        ]);
        expect(el.open).to.equal(false);
      });

      it('Escape can be refused once per opening: a click between does not give a second refusal; opening again does', async () => {
        const { el, channel } = await mount(dialog);
        el.show(channel);
        await el.updateComplete;
        const requests = recordRequests(el, () => true);
        for (let i = 0; i < 2; i++) {
          await clickOn($(el, 'h2')!, 4);
          await sendKeys({ press: 'Escape' });
          await tick();
        }
        expect(requests.map((r) => r.cancelable), 'the second, after a click, could not be refused').to.deep.equal([true, false]);
        await until(() => !nativeOpen(el), 'closed by the browser');
        expect(el.open).to.equal(false);
        expect(el.show(channel)).to.equal(true);
        await el.updateComplete;
        await clickOn($(el, 'h2')!, 4);
        await sendKeys({ press: 'Escape' });
        await tick();
        expect(requests.map((r) => r.cancelable)).to.deep.equal([true, false, true]);
        expect(nativeOpen(el), 'refused again').to.equal(true);
      });
    });
  }

  it('the shell\'s ✕ asks the host (source close-button); preventing it keeps the dialog open', async () => {
    const { memory } = await backendFor();
    const el = await fixture<ContractDialog>(html`<contract-test-dialog .backend=${memory} .viewer=${OWNER}></contract-test-dialog>`);
    expect(el.show()).to.equal(true);
    await el.updateComplete;
    expect($(el, 'dialog')!.getAttribute('aria-labelledby')).to.equal('title');
    expect(textOf($(el, '#title'))).to.equal('Heading');
    let refuse = true;
    const requests = recordRequests(el, () => refuse);
    const close = $(el, '.close-x')!;
    expect(close.getAttribute('aria-label')).to.equal(en.close);
    close.click();
    await tick();
    expect(requests.map((r) => r.source)).to.deep.equal(['close-button']);
    expect(nativeOpen(el)).to.equal(true);
    refuse = false;
    close.click();
    await until(() => el.closed === 1, 'closed');
    expect(nativeOpen(el)).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('<disconnect-dialog>: while its request runs, neither Cancel nor Escape closes it, and the host is not asked', async () => {
    const { el, channel, memory } = await mount(DIALOGS[0], OWNER, { latencyMs: 800 });
    el.show(channel);
    await el.updateComplete;
    const requests = recordRequests(el);
    const cancels = recordCancels(el);
    // Confirmed with a real key press, a user activation: without one the browser would not let any
    // page refuse Escape, and this would test the browser.
    $(el, '[part="confirm-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(textOf($(el, '[part="confirm-button"]'))).to.equal(en.disconnecting);
    expect(($(el, '[part="cancel-button"]') as HTMLButtonElement).disabled, 'Cancel disabled').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await tick();
    expect(cancels.map((c) => [c.cancelable, c.defaultPrevented])).to.deep.equal([[true, true]]);
    expect(requests, 'the host was not asked: the dialog holds itself open').to.deep.equal([]);
    expect(textOf($(el, '[part="confirm-button"]')), 'Escape came while the request ran').to.equal(en.disconnecting);
    expect(nativeOpen(el)).to.equal(true);
    await until(() => $(el, '[role="status"]'), 'the outcome');
    expect(nativeOpen(el), 'the outcome is on screen').to.equal(true);
    expect((await memory.getChannel(channel.id)).status).to.equal('disconnected');
  });
});
