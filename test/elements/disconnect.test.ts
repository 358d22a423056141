import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { ChannelSchema } from '../../src/core/channel.js';
import type { ChannelDisconnectedEvent } from '../../src/events/channel-events.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import { recordCancels } from '../support/dialogs.js';
import { backendFor, deepActiveElement, listOf, mountSettings, rowOf, textOf, until } from '../support/fixtures.js';

const dialogOf = (settings: ChannelSettings) => settings.shadowRoot!.querySelector<DisconnectDialog>('disconnect-dialog')!;
const inDialog = (dialog: DisconnectDialog, selector: string) => dialog.shadowRoot!.querySelector<HTMLElement>(selector);
const channel = ChannelSchema.parse({ id: 'ch_1', type: 'facebook', name: 'Bangkok Coffee', accountId: 'fb_1001', status: 'connected' });
/** `backend` behind a proxy that records every method called on it. */
function countingBackend(backend: ChannelBackend) {
  const calls: string[] = [];
  const counted = new Proxy(backend, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { backend: counted, calls };
}

/** Opens the Edit menu of a row and chooses Disconnect, with the mouse. */
async function chooseDisconnect(settings: ChannelSettings, id: string) {
  const list = listOf(settings);
  rowOf(list, id)!.querySelector<HTMLButtonElement>('.edit')!.click();
  await list.updateComplete;
  [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((i) => textOf(i) === 'Disconnect')!.click();
  const dialog = dialogOf(settings);
  await until(() => inDialog(dialog, 'dialog')?.hasAttribute('open'), 'the dialog open');
  return dialog;
}

describe('Scenario 2: disconnect', () => {
  it('keyboard only: Tab to Edit, open the menu, choose Disconnect, confirm; focus returns to the row', async () => {
    const { el, memory } = await mountSettings();
    const list = listOf(el);
    for (let i = 0; i < 12 && !deepActiveElement()?.classList.contains('edit'); i++) await sendKeys({ press: 'Tab' });
    const edit = deepActiveElement() as HTMLButtonElement;
    expect(edit.classList.contains('edit'), 'Tab reaches an Edit button').to.equal(true);
    const id = edit.closest<HTMLElement>('[role="row"]')!.dataset.id!;
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    await sendKeys({ press: 'ArrowDown' });
    expect(textOf(deepActiveElement())).to.equal('Disconnect');
    await sendKeys({ press: 'Enter' });
    const dialog = dialogOf(el);
    await until(() => inDialog(dialog, 'dialog')?.hasAttribute('open'), 'the dialog');
    expect(textOf(deepActiveElement()), 'the safe choice has focus first').to.equal('Cancel');
    await sendKeys({ press: 'Tab' });
    expect(textOf(deepActiveElement())).to.equal('Disconnect');
    await sendKeys({ press: 'Enter' });
    await until(() => inDialog(dialog, '[role="status"]'), 'the confirmation');
    expect(textOf(inDialog(dialog, '[role="status"]'))).to.contain('is disconnected. Its conversations and contacts are kept.');
    expect(textOf(deepActiveElement())).to.equal('Close');
    await sendKeys({ press: 'Enter' });
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('data-id') === id, 'focus back on the row');
    expect(deepActiveElement()?.classList.contains('edit')).to.equal(true);
    expect((await memory.getChannel(id)).status).to.equal('disconnected');
  });

  it('against the REST backend: the row stays, now Disconnected, and nothing offers Delete', async () => {
    const { el, memory } = await mountSettings({ rest: {} });
    const dialog = await chooseDisconnect(el, 'ch_1');
    const consequences = textOf(inDialog(dialog, '[part="consequences"]'));
    expect(consequences).to.contain('no longer send or receive messages').and.contain('conversations and contacts are kept').and.contain('cannot be deleted');
    await expect(dialog).to.be.accessible();
    inDialog(dialog, '[part="confirm-button"]')!.click();
    await until(() => inDialog(dialog, '[role="status"]'), 'the confirmation');
    await expect(dialog).to.be.accessible();
    const list = listOf(el);
    await until(() => textOf(rowOf(list, 'ch_1')).includes('Disconnected'), 'the row updated');
    expect(list.channels).to.have.length(7);
    expect((await memory.getChannel('ch_1')).status).to.equal('disconnected');
    for (const root of [el.shadowRoot!, list.shadowRoot!, dialog.shadowRoot!]) expect(root.textContent).to.not.match(/delete/i);
  });

  it('a 403 from the backend: nothing changes, the permission message shows', async () => {
    const { el, memory } = await mountSettings({ rest: { fail: 'disconnectChannel:403' } });
    const dialog = await chooseDisconnect(el, 'ch_1');
    inDialog(dialog, '[part="confirm-button"]')!.click();
    await until(() => inDialog(dialog, '[role="alert"]'), 'the error');
    expect(textOf(inDialog(dialog, '[role="alert"]'))).to.contain('Only the Owner or a Primary admin can manage channels.');
    expect((await memory.getChannel('ch_1')).status).to.equal('connected');
    expect(textOf(rowOf(listOf(el), 'ch_1'))).to.contain('Connected');
    await expect(dialog).to.be.accessible();
  });

  it('a network failure: the row is unchanged, the error offers Try again, which works', async () => {
    const { el, memory, heal } = await mountSettings({ rest: { fail: 'disconnectChannel:network' } });
    const dialog = await chooseDisconnect(el, 'ch_1');
    inDialog(dialog, '[part="confirm-button"]')!.click();
    await until(() => inDialog(dialog, '[role="alert"]'), 'the error');
    expect(textOf(inDialog(dialog, '[role="alert"]'))).to.contain('Cannot reach the server');
    expect(textOf(inDialog(dialog, '[part="confirm-button"]'))).to.equal('Try again');
    expect(textOf(rowOf(listOf(el), 'ch_1'))).to.contain('Connected');
    await heal();
    inDialog(dialog, '[part="confirm-button"]')!.click();
    await until(() => inDialog(dialog, '[role="status"]'), 'the confirmation');
    expect((await memory.getChannel('ch_1')).status).to.equal('disconnected');
    await until(() => textOf(rowOf(listOf(el), 'ch_1')).includes('Disconnected'), 'the row updated');
  });

  it('sends one request for a double click', async () => {
    const { el, memory } = await mountSettings();
    let calls = 0;
    const original = memory.disconnect.bind(memory);
    memory.disconnect = (...args) => {
      calls++;
      return original(...args);
    };
    const dialog = await chooseDisconnect(el, 'ch_1');
    const confirm = inDialog(dialog, '[part="confirm-button"]')!;
    confirm.click();
    confirm.click();
    await until(() => inDialog(dialog, '[role="status"]'), 'the confirmation');
    expect(calls).to.equal(1);
  });

  it('fires a cancelable request event first; cancelling it sends nothing', async () => {
    const { memory } = await backendFor();
    const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${memory} .viewer=${memory.viewer}></disconnect-dialog>`);
    dialog.show(channel);
    await dialog.updateComplete;
    dialog.addEventListener('channel-disconnect-request', (e) => e.preventDefault(), { once: true });
    expect(await dialog.confirm()).to.equal(undefined);
    expect((await memory.getChannel('ch_1')).status).to.equal('connected');
    setTimeout(() => dialog.confirm());
    const done = (await oneEvent(dialog, 'channel-disconnected')) as unknown as ChannelDisconnectedEvent;
    expect(done.channel.status).to.equal('disconnected');
  });

  it('holds the permission gate in its public method too', async () => {
    const { memory } = await backendFor({ viewer: { product: 'caac', role: 'agent' } });
    // The backend would refuse an agent too: count what reaches it, so that only the element's own gate passes.
    const { backend, calls } = countingBackend(memory);
    const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${backend} .viewer=${memory.viewer}></disconnect-dialog>`);
    dialog.show(channel);
    await dialog.updateComplete;
    expect(inDialog(dialog, '[part="confirm-button"]')!.getAttribute('aria-disabled')).to.equal('true');
    expect(textOf(dialog.shadowRoot!.querySelector('#permission-note'))).to.equal('Only the Owner or a Primary admin can manage channels.');
    await expect(dialog).to.be.accessible();
    let requested = 0;
    dialog.addEventListener('channel-disconnect-request', () => requested++);
    expect(await dialog.confirm()).to.equal(undefined);
    inDialog(dialog, '[part="confirm-button"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls, 'no call reached the backend').to.deep.equal([]);
    expect(requested, 'no disconnect was requested').to.equal(0);
    await dialog.updateComplete;
    expect(textOf(inDialog(dialog, '[role="alert"]'))).to.contain('Only the Owner or a Primary admin can manage channels.');
    expect((await memory.getChannel('ch_1')).status).to.equal('connected');
  });

  it('Escape closes it while nothing runs (a real key press, not a synthetic event)', async () => {
    const { el } = await mountSettings();
    const dialog = await chooseDisconnect(el, 'ch_1');
    const cancels = recordCancels(dialog);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the dialog closed');
    expect(cancels.map((e) => e.defaultPrevented)).to.deep.equal([false]);
    expect(inDialog(dialog, 'dialog')!.hasAttribute('open')).to.equal(false);
  });

  it('shows the working state while the request runs, and cannot be escaped then', async () => {
    const { el, memory } = await mountSettings({ rest: { latencyMs: 800 } });
    const dialog = await chooseDisconnect(el, 'ch_1');
    const cancels = recordCancels(dialog);
    // Confirmed with a real key press, as a person would: the close-watcher rules let a page keep a
    // dialog open on Escape only where there has been a user activation.
    inDialog(dialog, '[part="confirm-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await dialog.updateComplete;
    expect(textOf(inDialog(dialog, '[part="confirm-button"]'))).to.equal('Disconnecting…');
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    expect(cancels.length, 'Escape reached the dialog').to.equal(1);
    expect(cancels[0]!.cancelable, 'the browser let the page keep it open').to.equal(true);
    expect(cancels[0]!.defaultPrevented, 'the dialog refused to close').to.equal(true);
    expect(textOf(inDialog(dialog, '[part="confirm-button"]')), 'Escape came while the request ran').to.equal('Disconnecting…');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inDialog(dialog, 'dialog')!.hasAttribute('open'), 'still open').to.equal(true);
    expect(dialog.open).to.equal(true);
    await until(() => inDialog(dialog, '[role="status"]'), 'the confirmation');
    expect(inDialog(dialog, 'dialog')!.hasAttribute('open'), 'the outcome is on screen').to.equal(true);
    expect((await memory.getChannel('ch_1')).status).to.equal('disconnected');
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: the dialog speaks the viewer's language`, async () => {
      const t = await loadTranslation(locale);
      const { memory } = await backendFor();
      const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog locale=${locale} .backend=${memory} .viewer=${memory.viewer}></disconnect-dialog>`);
      dialog.show(channel);
      await dialog.updateComplete;
      const text = textOf(dialog.shadowRoot as unknown as Element);
      for (const expected of [t.disconnectTitle('Bangkok Coffee'), t.disconnectNoMessages, t.disconnectKept, t.disconnectNoDelete, t.cancel, t.disconnect]) {
        expect(text).to.contain(expected);
      }
    });
  }
});
