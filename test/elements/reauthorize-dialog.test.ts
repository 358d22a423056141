import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ChannelKitError } from '../../src/core/errors.js';
import type { Viewer } from '../../src/core/viewer.js';
import type { ReauthorizeDialog } from '../../src/elements/reauthorize-dialog/reauthorize-dialog.js';
import type { ChannelReauthorizedEvent } from '../../src/events/channel-events.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import { deepActiveElement, listOf, mountSettings, rowOf, textOf, until } from '../support/fixtures.js';
import { consent, consentPage, metaBackend, popupRecorder, type ConsentChoice } from '../support/popup.js';

const $ = (el: ReauthorizeDialog, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const button = (el: ReauthorizeDialog, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text)!;

async function mountDialog(channelId: string, options: { viewer?: Viewer; locale?: string } = {}) {
  const backend = metaBackend({ viewer: options.viewer ?? { product: 'caac', role: 'owner' } });
  const popups = popupRecorder();
  const el = await fixture<ReauthorizeDialog>(html`<reauthorize-dialog
    .backend=${backend}
    .viewer=${backend.viewer}
    .openWindow=${popups.open}
    locale=${options.locale ?? 'en'}
  ></reauthorize-dialog>`);
  const opened = el.show(await backend.getChannel(channelId));
  await el.updateComplete;
  return { el, backend, popups, opened };
}

async function reauthorizeWith(el: ReauthorizeDialog, popups: ReturnType<typeof popupRecorder>, choice: ConsentChoice) {
  button(el, 'Continue with Meta').click();
  await consent(popups.last!, choice);
}

describe('Scenario 3: <reauthorize-dialog>', () => {
  it('refreshes an expired token with the same account and shows the new expiry', async () => {
    const { el, backend, popups } = await mountDialog('ch_2');
    expect(textOf($(el, 'h2'))).to.equal('Reauthorize Bangkok Coffee');
    expect(textOf($(el, 'dialog'))).to.contain('access token has expired').and.contain('choose that same account');
    await expect(el).to.be.accessible();
    const done = oneEvent(el, 'channel-reauthorized');
    await reauthorizeWith(el, popups, { accounts: ['Bangkok Coffee (@bkk.coffee)'] });
    const event = (await done) as unknown as ChannelReauthorizedEvent;
    expect(event.channel).to.include({ id: 'ch_2', status: 'connected' });
    await el.updateComplete;
    expect(textOf($(el, '[role="status"]'))).to.equal('The token was refreshed.');
    const year = new Date(event.channel.tokenExpiresAt!).getFullYear();
    expect(textOf($(el, 'dialog'))).to.match(new RegExp(`The new token expires .*${year}`));
    expect(textOf($(el, '.badge'))).to.equal('Connected');
    await expect(el).to.be.accessible();
    expect((await backend.getChannel('ch_2')).status).to.equal('connected');
  });

  it('refuses a different account with a clear message, and changes nothing', async () => {
    const { el, backend, popups } = await mountDialog('ch_2');
    const before = await backend.getChannel('ch_2');
    await reauthorizeWith(el, popups, { accounts: ['Coffee Lab BKK'] });
    await until(() => $(el, '[part="error"]'), 'the refusal');
    expect(textOf($(el, '[part="error"]'))).to.contain('You authorized a different account.');
    expect(await backend.getChannel('ch_2')).to.deep.equal(before);
    await expect(el).to.be.accessible();
  });

  it('reconnects a disconnected channel under the same id, history kept', async () => {
    const { el, backend, popups } = await mountDialog('ch_5');
    expect(textOf($(el, 'h2'))).to.equal('Reconnect Bangkok Coffee Outlet');
    expect(textOf($(el, 'dialog'))).to.contain('conversations and contacts');
    await reauthorizeWith(el, popups, { accounts: ['Bangkok Coffee Outlet'] });
    await until(() => $(el, '[role="status"]')?.textContent?.includes('connected again'), 'the confirmation');
    const channel = await backend.getChannel('ch_5');
    expect(channel.id).to.equal('ch_5');
    expect(channel.status).to.not.equal('disconnected');
    expect((await backend.listChannels()).total).to.equal(7);
  });

  it('a closed popup: back to the start, no error; a blocked one: says so', async () => {
    const { el, popups } = await mountDialog('ch_2');
    button(el, 'Continue with Meta').click();
    await consentPage(popups.last!);
    await new Promise((r) => setTimeout(r, 1_600)); // a person, not COOP (see the wizard's test)
    popups.last!.close();
    await until(() => !$(el, '[role="status"]'), 'the waiting state gone');
    expect($(el, '[part="error"]')).to.equal(null);
    el.openWindow = () => null;
    button(el, 'Continue with Meta').click();
    await until(() => $(el, '[part="error"]'), 'the error');
    expect(textOf($(el, '[part="error"]'))).to.contain('blocked the authorization window');
  });

  it('a Meta error: its message, Troubleshooting, the support id, Try again', async () => {
    const { el, popups } = await mountDialog('ch_2');
    await reauthorizeWith(el, popups, { metaError: true });
    await until(() => $(el, '[part="error"]'), 'the error');
    const panel = textOf($(el, '[part="error"]'));
    expect(panel).to.contain('Troubleshooting').and.contain('Support ID: AxD3moTr4ce').and.contain('Try again');
  });

  it('waiting for Meta: says so, and stays accessible', async () => {
    const { el, popups } = await mountDialog('ch_2');
    button(el, 'Continue with Meta').click();
    await consentPage(popups.last!);
    expect(textOf($(el, '[role="status"]'))).to.contain('Waiting');
    await expect(el).to.be.accessible();
    popups.last!.close();
  });

  it('a 403 from the backend on saving: the permission message, the channel unchanged', async () => {
    const { el, backend, popups } = await mountDialog('ch_2');
    const before = await backend.getChannel('ch_2');
    backend.reauthorize = async () => {
      throw new ChannelKitError('permission', 'Forbidden', { status: 403 });
    };
    await reauthorizeWith(el, popups, { accounts: ['Bangkok Coffee (@bkk.coffee)'] });
    await until(() => $(el, '[part="error"]'), 'the error');
    expect(textOf($(el, '[part="error"]'))).to.contain('Only the Owner or a Primary admin can manage channels.');
    expect(await backend.getChannel('ch_2')).to.deep.equal(before);
  });

  it('the permission gate: a CAAC agent cannot open it; the public method refuses too', async () => {
    const { el, opened } = await mountDialog('ch_2', { viewer: { product: 'caac', role: 'agent' } });
    expect(opened).to.equal(false);
    expect($(el, 'dialog')!.hasAttribute('open')).to.equal(false);
    const maac = await mountDialog('ch_2', { viewer: { product: 'maac', role: 'agent' } });
    expect(maac.opened).to.equal(true);
  });

  it('refuses a Webchat: Meta does not authorize it, so there is nothing to reauthorize', async () => {
    const { el, opened } = await mountDialog('ch_4');
    expect(opened).to.equal(false);
    expect($(el, 'dialog')!.hasAttribute('open')).to.equal(false);
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: says why, in the viewer's language`, async () => {
      const t = await loadTranslation(locale);
      const { el } = await mountDialog('ch_2', { locale });
      await el.updateComplete;
      const text = textOf($(el, 'dialog'));
      expect(text).to.contain(t.reauthorizeTitle('Bangkok Coffee')).and.contain(t.reauthorizeWhyExpired).and.contain(t.continueWithMeta);
    });
  }
});

describe('expiry warnings and Reauthorize from <channel-settings>', () => {
  it('shows a banner counting the channels that need reauthorization, which starts it', async () => {
    const { el } = await mountSettings();
    await until(() => el.shadowRoot!.querySelector('[part="banner"]'), 'the banner');
    expect(textOf(el.shadowRoot!.querySelector('[part="banner"]'))).to.contain('2 channels need reauthorization.');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="banner"] button')!.click();
    const dialog = el.shadowRoot!.querySelector<ReauthorizeDialog>('reauthorize-dialog')!;
    await until(() => dialog.open, 'the dialog');
    expect(textOf(dialog.shadowRoot!.querySelector('h2')), 'the most urgent first').to.equal('Reauthorize Bangkok Coffee');
  });

  it('keyboard only: Edit → Reauthorize on the expired row, then back to it, now Connected', async () => {
    const popups = popupRecorder();
    const { el } = await mountSettings({ memory: metaBackend() });
    const list = listOf(el);
    const dialog = el.shadowRoot!.querySelector<ReauthorizeDialog>('reauthorize-dialog')!;
    dialog.openWindow = popups.open;
    await until(() => rowOf(list, 'ch_2'), 'the rows');
    rowOf(list, 'ch_2')!.querySelector<HTMLButtonElement>('.edit')!.focus();
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    expect(textOf(deepActiveElement())).to.equal('Reauthorize');
    await sendKeys({ press: 'Enter' });
    await until(() => dialog.open, 'the dialog');
    while (textOf(deepActiveElement()) !== 'Continue with Meta') await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await consent(popups.last!, { accounts: ['Bangkok Coffee (@bkk.coffee)'] });
    await until(() => textOf(deepActiveElement()) === 'Done', 'Done focused');
    await sendKeys({ press: 'Enter' });
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('data-id') === 'ch_2', 'focus back on the row');
    expect(textOf(rowOf(list, 'ch_2'))).to.contain('Connected');
  });
});
