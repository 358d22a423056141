// Issue 15, item 2: a veto that works. A host refuses an action before its dialog opens
// (`channel-action` is cancelable), and a host that stops the disconnect at confirmation sees the
// dialog say so, with its buttons usable and nothing sent.
import { expect } from '@open-wc/testing';
import { ChannelActionEvent, ChannelDisconnectRequestEvent } from '../../src/events/channel-events.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import { en } from '../../src/i18n/locales/en.js';
import { listOf, mountSettings, textOf, until } from '../support/fixtures.js';

const inner = <T extends HTMLElement>(settings: ChannelSettings, tag: string) => settings.shadowRoot!.querySelector<T>(tag)!;
const shown = (dialog: HTMLElement) => Boolean(dialog.shadowRoot?.querySelector('dialog')?.open);

/** Listens on the document, as a host does, for as long as the test runs. */
function hostListens<E extends Event>(type: string, listener: (event: E) => void) {
  document.addEventListener(type, listener as EventListener);
  return () => document.removeEventListener(type, listener as EventListener);
}

describe('a host vetoes', () => {
  it('an Edit menu action: preventDefault() on channel-action keeps its dialog closed; without it, it opens', async () => {
    const { el } = await mountSettings();
    const list = listOf(el);
    const channel = list.channels.find((c) => c.id === 'ch_2')!;
    const stop = hostListens<ChannelActionEvent>('channel-action', (event) => event.preventDefault());
    list.dispatchEvent(new ChannelActionEvent('reauthorize', channel));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const dialog = inner<ReauthorizeDialog>(el, 'reauthorize-dialog');
    expect(dialog.open, 'refused by the host').to.equal(false);
    stop();
    list.dispatchEvent(new ChannelActionEvent('reauthorize', channel));
    await until(() => shown(dialog), 'the dialog, opened');
    dialog.close();
  });

  it('the disconnect at confirmation: the dialog says it was stopped, nothing is sent, and it stays usable', async () => {
    const { el, memory } = await mountSettings();
    const list = listOf(el);
    const channel = list.channels.find((c) => c.id === 'ch_1')!;
    const sent: string[] = [];
    const disconnect = memory.disconnect.bind(memory);
    memory.disconnect = (id, signal) => (sent.push(id), disconnect(id, signal));
    list.dispatchEvent(new ChannelActionEvent('disconnect', channel));
    const dialog = inner<DisconnectDialog>(el, 'disconnect-dialog');
    await until(() => shown(dialog), 'the dialog, opened');
    const stop = hostListens<ChannelDisconnectRequestEvent>('channel-disconnect-request', (event) => event.preventDefault());
    const confirm = dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm-button"]')!;
    confirm.click();
    await until(() => textOf(dialog.shadowRoot!.querySelector('[role="status"]')) === en.disconnectStopped, 'the dialog saying so');
    expect(sent, 'nothing sent').to.deep.equal([]);
    expect(shown(dialog), 'still open').to.equal(true);
    expect(confirm.getAttribute('aria-disabled'), 'Disconnect still usable').to.equal('false');
    expect(dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="cancel-button"]')!.disabled, 'Cancel usable').to.equal(false);
    stop();
    confirm.click();
    await until(() => sent.length === 1, 'the disconnect, sent once the host allows it');
    await until(() => !dialog.shadowRoot!.querySelector('[role="status"]') || textOf(dialog.shadowRoot!.querySelector('[role="status"]')) !== en.disconnectStopped, 'the stopped note gone');
    dialog.close();
  });
});
