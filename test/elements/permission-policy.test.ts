// Issue 15, item 3: a permission policy per action and per channel, with a reason the UI shows where
// it disables a control; the same function given to the elements and to the server half (here the
// in-page server behind MemoryBackend), which refuses what the UI would not offer.
import { expect, fixture, html } from '@open-wc/testing';
import { ChannelSchema } from '../../src/core/channel.js';
import { isChannelKitError } from '../../src/core/errors.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import type { DisconnectDialog } from '../../src/elements/disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import '../../src/define.js';
import { en } from '../../src/i18n/locales/en.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import type { PermissionPolicy } from '../../src/permissions/policy.js';
import { typicalOptions } from '../support/backends.js';
import { listOf, rowOf, settled, textOf, until } from '../support/fixtures.js';

const OWNER = { product: 'caac', role: 'owner' };
const NO_DISCONNECT = 'Ask your IT team to disconnect a channel.';
const HEAD_OFFICE = 'WhatsApp numbers are managed by Head Office.';
const NO_NEW = 'New channels are added by your account manager.';

/** A host's rule: only its IT team disconnects; WhatsApp numbers (ch_3) are managed centrally; everything else, yes. */
const hostPolicy: PermissionPolicy = (viewer, { action, channelType }) => {
  if (channelType === 'whatsapp') return { allowed: false, reason: HEAD_OFFICE };
  if (action === 'disconnect') return { allowed: viewer.role === 'it', reason: NO_DISCONNECT };
  return true;
};

const inner = <T extends Element>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector)!;
const menuItems = (list: ChannelList) => [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];

/** `<channel-settings>` in a provider that hands it `policy`, over an in-page server given the same policy. */
async function mountWithPolicy(policy: PermissionPolicy) {
  const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER, policy });
  const provider = await fixture(html`<channel-kit-provider .backend=${memory} .policy=${policy}><channel-settings></channel-settings></channel-kit-provider>`);
  const settings = provider.querySelector<ChannelSettings>('channel-settings')!;
  await until(() => settings.activeViewer, 'the viewer');
  await settled(settings);
  const list = listOf(settings);
  await until(() => rowOf(list, 'ch_1'), 'the rows');
  return { memory, settings, list };
}

async function openMenu(list: ChannelList, id: string) {
  rowOf(list, id)!.querySelector<HTMLButtonElement>('.edit')!.click();
  await list.updateComplete;
  return menuItems(list);
}

describe('a policy per action and per channel', () => {
  it('the Edit menu disables a refused action, with its reason under it; choosing it does nothing', async () => {
    const { list } = await mountWithPolicy(hostPolicy);
    const actions: string[] = [];
    list.addEventListener('channel-action', (event) => actions.push((event as Event & { action: string }).action));
    const [reauthorize, disconnect] = await openMenu(list, 'ch_1');
    expect(reauthorize!.getAttribute('aria-disabled')).to.equal(null);
    expect(disconnect!.getAttribute('aria-disabled')).to.equal('true');
    expect(textOf(disconnect!.querySelector('[part="menu-reason"]')), 'the reason, under the action').to.equal(NO_DISCONNECT);
    expect(textOf(disconnect), 'what, then why, in its name').to.equal(`${en.disconnect}${NO_DISCONNECT}`);
    expect(list.shadowRoot!.querySelector('#permission-note'), 'connecting is allowed: no page note').to.equal(null);
    await expect(list).to.be.accessible();
    disconnect!.click();
    await list.updateComplete;
    expect(actions, 'the refused action is not chosen').to.deep.equal([]);
    reauthorize!.click();
    expect(actions).to.deep.equal(['reauthorize']);
  });

  it('a row whose every action is refused: Edit disabled, described by its own reason', async () => {
    const { list } = await mountWithPolicy(hostPolicy);
    const edit = rowOf(list, 'ch_3')!.querySelector<HTMLButtonElement>('.edit')!;
    expect(edit.getAttribute('aria-disabled')).to.equal('true');
    expect(textOf(list.shadowRoot!.getElementById(edit.getAttribute('aria-describedby')!))).to.equal(HEAD_OFFICE);
    expect(await openMenu(list, 'ch_3')).to.have.length(0);
    expect(rowOf(list, 'ch_1')!.querySelector('.edit')!.getAttribute('aria-disabled')).to.equal('false');
  });

  it('connecting refused: Add Channel disabled with the reason, in the list\'s note and on the button; the wizard refuses to open', async () => {
    const policy: PermissionPolicy = (_viewer, { action }) => action !== 'connect' || { allowed: false, reason: NO_NEW };
    const { settings, list } = await mountWithPolicy(policy);
    const add = inner<HTMLButtonElement>(settings, '[part="add-button"]');
    expect(add.getAttribute('aria-disabled')).to.equal('true');
    expect(add.title).to.equal(NO_NEW);
    expect(textOf(list.shadowRoot!.querySelector('#permission-note'))).to.equal(NO_NEW);
    add.click();
    await settings.updateComplete;
    const wizard = settings.shadowRoot!.querySelector<AddChannelWizard>('add-channel-wizard');
    expect(!!wizard?.open, 'no wizard').to.equal(false);
    expect((await openMenu(list, 'ch_1')).map((item) => item.getAttribute('aria-disabled')), 'the rows are not refused').to.deep.equal([null, null]);
  });

  it('the wizard asks for the type chosen: a refused type says why on its step, and Meta is never opened', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER });
    const opened: unknown[] = [];
    const openWindow = ((...args: unknown[]) => (opened.push(args), null)) as typeof window.open;
    const wizard = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${memory} .viewer=${OWNER} .policy=${hostPolicy} .openWindow=${openWindow}></add-channel-wizard>`);
    expect(wizard.show('whatsapp'), 'opened straight at a refused type: refused').to.equal(false);
    expect(wizard.show(), 'at the type step: connecting something is allowed').to.equal(true);
    await wizard.updateComplete;
    const radio = wizard.shadowRoot!.querySelector<HTMLInputElement>('input[value="whatsapp"]')!;
    radio.checked = true;
    wizard.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => wizard.shadowRoot!.querySelector('#permission-note'), 'the note on the WhatsApp step');
    expect(textOf(inner(wizard, '#permission-note'))).to.equal(HEAD_OFFICE);
    [...wizard.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === en.continueWithMeta)!.click();
    await wizard.updateComplete;
    expect(opened, 'no Meta window').to.deep.equal([]);
    expect(inner(wizard, '#permission-note').getAttribute('role')).to.equal('alert');
  });

  it("a disconnected channel's Reconnect asks what connecting asks (the server asks the same)", async () => {
    const policy: PermissionPolicy = (_viewer, { action }) => action !== 'connect' || { allowed: false, reason: NO_NEW };
    const { list } = await mountWithPolicy(policy);
    const edit = rowOf(list, 'ch_5')!.querySelector<HTMLButtonElement>('.edit')!;
    expect(edit.getAttribute('aria-disabled'), 'Reconnect is its only action, refused').to.equal('true');
    expect(edit.getAttribute('aria-describedby')).to.equal('permission-note');
    expect(textOf(list.shadowRoot!.querySelector('#permission-note'))).to.equal(NO_NEW);
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER, policy });
    const refused = await memory.startAuthorization({ channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_5' }).catch((error: unknown) => error);
    expect(isChannelKitError(refused) && [refused.status, refused.message]).to.deep.equal([403, NO_NEW]);
  });

  it('the dialogs ask for their own action on their channel: show() refuses what the policy refuses', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER });
    const channels = (await memory.listChannels()).channels;
    const page = channels.find((c) => c.id === 'ch_1')!;
    const number = channels.find((c) => c.id === 'ch_3')!;
    const disconnect = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${memory} .viewer=${OWNER} .policy=${hostPolicy}></disconnect-dialog>`);
    const reauthorize = await fixture<ReauthorizeDialog>(html`<reauthorize-dialog .backend=${memory} .viewer=${OWNER} .policy=${hostPolicy}></reauthorize-dialog>`);
    const wizard = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${memory} .viewer=${OWNER} .policy=${hostPolicy}></add-channel-wizard>`);
    expect(disconnect.show(page), 'disconnecting: refused').to.equal(false);
    expect(reauthorize.show(number), 'reauthorizing a WhatsApp number: refused').to.equal(false);
    expect(wizard.showSetup(ChannelSchema.parse({ ...number, type: 'whatsapp' })), 'its setup: refused').to.equal(false);
    expect(reauthorize.show(page), 'reauthorizing a Page: allowed').to.equal(true);
    expect(wizard.show(), 'connecting: allowed').to.equal(true);
  });

  it('refused while open (the policy changed): the dialog\'s note gives the reason, and nothing is sent', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER });
    const page = (await memory.listChannels()).channels.find((c) => c.id === 'ch_1')!;
    const calls: string[] = [];
    const disconnectCall = memory.disconnect.bind(memory);
    memory.disconnect = (id, signal) => (calls.push(id), disconnectCall(id, signal));
    const dialog = await fixture<DisconnectDialog>(html`<disconnect-dialog .backend=${memory} .viewer=${OWNER}></disconnect-dialog>`);
    expect(dialog.show(page)).to.equal(true);
    dialog.policy = hostPolicy;
    await dialog.updateComplete;
    const confirm = inner<HTMLButtonElement>(dialog, '[part="confirm-button"]');
    expect(confirm.getAttribute('aria-disabled')).to.equal('true');
    expect(textOf(inner(dialog, '#permission-note'))).to.equal(NO_DISCONNECT);
    expect(await dialog.confirm()).to.equal(undefined);
    await dialog.updateComplete;
    expect(inner(dialog, '#permission-note').getAttribute('role'), 'the refusal is announced').to.equal('alert');
    expect(calls).to.deep.equal([]);
    await expect(dialog).to.be.accessible();
  });

  it('the banner offers to reauthorize only the channels the policy lets this viewer reauthorize', async () => {
    // ch_2 (token expired) and ch_3 (expiring, WhatsApp) need it; only ch_2 may be reauthorized here.
    const { settings } = await mountWithPolicy(hostPolicy);
    await until(() => inner(settings, '[part="banner"]'), 'the banner');
    expect(textOf(inner(settings, '[part="banner"] p'))).to.equal(en.bannerNeedsReauth(1));
    const { settings: everyone } = await mountWithPolicy(() => true);
    await until(() => inner(everyone, '[part="banner"]'), 'the banner');
    expect(textOf(inner(everyone, '[part="banner"] p'))).to.equal(en.bannerNeedsReauth(2));
  });

  it('a policy that throws refuses (fails safe), and says so once in the console', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const broken: PermissionPolicy = () => {
        throw new TypeError("Cannot read properties of undefined (reading 'roles')");
      };
      const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER });
      const list = await fixture<ChannelList>(html`<channel-list .backend=${memory} .viewer=${OWNER} .policy=${broken}></channel-list>`);
      await settled(list);
      expect(rowOf(list, 'ch_1')!.querySelector('.edit')!.getAttribute('aria-disabled')).to.equal('true');
      expect(list.canManage).to.equal(false);
      list.requestUpdate();
      await list.updateComplete;
      const ours = warnings.filter((args) => String(args[0]).includes('permission policy threw'));
      expect(ours, 'once, however often it is asked').to.have.length(1);
    } finally {
      console.warn = warn;
    }
  });

  it('the server half honours the same function: 403 with the policy\'s reason, per action and per channel', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: OWNER, policy: hostPolicy });
    const refusalOf = (work: Promise<unknown>) =>
      work.then(
        () => 'allowed',
        (error: unknown) => (isChannelKitError(error) ? `${error.status} ${error.message}` : String(error)),
      );
    expect(await refusalOf(memory.disconnect('ch_1'))).to.equal(`403 ${NO_DISCONNECT}`);
    expect(await refusalOf(memory.startAuthorization({ channelType: 'whatsapp', mode: 'reauthorize', channelId: 'ch_3' }))).to.equal(`403 ${HEAD_OFFICE}`);
    expect(await refusalOf(memory.getSetupChecks('ch_3'))).to.equal(`403 ${HEAD_OFFICE}`);
    expect(await refusalOf(memory.startAuthorization({ channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_1' }))).to.equal('allowed');
    expect(await refusalOf(memory.startAuthorization({ channelType: 'facebook', mode: 'connect' }))).to.equal('allowed');
    const channels = (await memory.listChannels()).channels;
    expect(channels.find((c) => c.id === 'ch_1')!.status, 'nothing changed').to.equal('connected');
  });
});
