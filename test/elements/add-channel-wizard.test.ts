import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MemoryBackend } from '../../src/mocks/memory-backend.js';
import type { Viewer } from '../../src/core/viewer.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelConnectedEvent, ChannelDialogCloseEvent } from '../../src/events/channel-events.js';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import { clickOn, recordCancels } from '../support/dialogs.js';
import { backendFor, deepActiveElement, listOf, mountSettings, rowOf, textOf, until } from '../support/fixtures.js';
import { consent, consentPage, metaBackend, popupRecorder, type ConsentChoice } from '../support/popup.js';

const $ = (el: AddChannelWizard, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const button = (el: AddChannelWizard, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text)!;
const heading = (el: AddChannelWizard) => textOf($(el, '.step-heading'));

async function mountWizard(options: { viewer?: Viewer; locale?: string; backend?: MemoryBackend } = {}) {
  const backend = options.backend ?? metaBackend({ viewer: options.viewer ?? { product: 'caac', role: 'owner' } });
  const popups = popupRecorder();
  const el = await fixture<AddChannelWizard>(html`<add-channel-wizard
    .backend=${backend}
    .viewer=${backend.viewer}
    .openWindow=${popups.open}
    locale=${options.locale ?? 'en'}
  ></add-channel-wizard>`);
  return { el, backend, popups };
}

/** Type step → the chosen type's authorize step. */
async function chooseType(el: AddChannelWizard, label: string) {
  const radio = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="type"]')].find((r) => r.value === label)!;
  radio.click();
  button(el, 'Next').click();
  await el.updateComplete;
}

/** Presses "Continue with Meta" and plays the person in the consent popup. */
async function authorizeWith(el: AddChannelWizard, popups: ReturnType<typeof popupRecorder>, choice: ConsentChoice) {
  button(el, 'Continue with Meta').click();
  await consent(popups.last!, choice);
}

describe('<add-channel-wizard>', () => {
  it('connects an Instagram account through the fake consent page in a real popup', async () => {
    const { el, backend, popups } = await mountWizard();
    expect(el.show()).to.equal(true);
    await el.updateComplete;
    expect($(el, 'dialog')!.hasAttribute('open')).to.equal(true);
    await expect(el).to.be.accessible();
    await chooseType(el, 'instagram');
    expect(textOf($(el, '.prerequisites'))).to.contain('business account').and.contain('same business portfolio').and.contain('Tags and mentions').and.contain('message requests');
    await expect(el).to.be.accessible();
    await authorizeWith(el, popups, { portfolio: 'Siam Retail', accounts: ['Siam Retail (@siam.retail)', 'Somchai', 'Siam Retail Outlet'] });
    await until(() => heading(el) === 'Choose the account to connect', 'the account picker');
    const options = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="account"]')];
    expect(options.map((o) => [o.value, o.disabled])).to.deep.equal([['ig_2003', false], ['ig_2004', true], ['ig_2005', true]]);
    expect(textOf($(el, '.accounts'))).to.contain('Not a business account').and.contain('Not linked to a Page in this business portfolio');
    await expect(el).to.be.accessible();
    setTimeout(() => button(el, 'Connect').click());
    const connected = (await oneEvent(el, 'channel-connected')) as unknown as ChannelConnectedEvent;
    expect(connected.channel).to.include({ type: 'instagram', accountId: 'ig_2003' });
    await el.updateComplete;
    expect(heading(el)).to.equal('Siam Retail is connected');
    expect(textOf($(el, '[part="setup"]'))).to.contain('default routing app').and.contain('Advanced Messaging').and.contain('Handover Protocol');
    expect($(el, '[data-check="default_routing_app"]')!.dataset.state).to.equal('not_verified');
    await expect(el).to.be.accessible();
    expect((await backend.listChannels()).channels.some((c) => c.accountId === 'ig_2003')).to.equal(true);
  });

  it('connects straight away when one eligible account was granted', async () => {
    const { el, popups } = await mountWizard();
    el.show('facebook');
    await el.updateComplete;
    await authorizeWith(el, popups, { accounts: ['Bangkok Coffee Outlet'] });
    await until(() => heading(el) === 'Bangkok Coffee Outlet is connected', 'the result');
  });

  it('a popup closed by the person brings the wizard back to the authorize step, with no error', async () => {
    const { el, popups } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    button(el, 'Continue with Meta').click();
    await consentPage(popups.last!);
    expect(textOf($(el, '[role="status"]'))).to.contain('Waiting');
    await expect(el).to.be.accessible();
    // A window that reads as closed within moments of opening looks like one hidden by COOP; a person
    // takes longer than that to close it.
    await new Promise((r) => setTimeout(r, 1_600));
    popups.last!.close();
    await until(() => !$(el, '[role="status"]'), 'the waiting state gone');
    expect(heading(el)).to.equal('Before you connect, check that:');
    expect($(el, '[part="error"]')).to.equal(null);
    expect(button(el, 'Continue with Meta')).to.not.equal(undefined);
  });

  it('Cancel while waiting for Meta stops waiting and stays at the prerequisites, the type kept', async () => {
    const { el, popups } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    button(el, 'Continue with Meta').click();
    await until(() => $(el, '[role="status"]'), 'the waiting state');
    button(el, 'Cancel').click();
    await until(() => !$(el, '[role="status"]'), 'the waiting state gone');
    expect(heading(el)).to.equal('Before you connect, check that:');
    expect(textOf($(el, '.steps'))).to.contain('Authorize');
    expect($(el, '[part="error"]')).to.equal(null);
    expect(popups.last!.closed, "Meta's window is closed").to.equal(true);
    expect(button(el, 'Continue with Meta')).to.not.equal(undefined);
  });

  it('Cancel on the consent page is a cancel too', async () => {
    const { el, popups } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    await authorizeWith(el, popups, { cancel: true });
    await until(() => button(el, 'Continue with Meta'), 'back at the authorize step');
    expect($(el, '[part="error"]')).to.equal(null);
  });

  it('a blocked popup: says so, with Try again', async () => {
    const { el } = await mountWizard();
    el.openWindow = () => null;
    el.show('instagram');
    await el.updateComplete;
    button(el, 'Continue with Meta').click();
    await until(() => $(el, '[part="error"]'), 'the error');
    expect(textOf($(el, '[part="error"]'))).to.contain('blocked the authorization window');
    await expect(el).to.be.accessible();
    el.openWindow = undefined;
    expect(button(el, 'Try again')).to.not.equal(undefined);
  });

  it('times out', async () => {
    const { el, popups } = await mountWizard();
    el.authorizationTimeout = 300;
    el.show('instagram');
    await el.updateComplete;
    button(el, 'Continue with Meta').click();
    await consentPage(popups.last!);
    await until(() => $(el, '[part="error"]'), 'the timeout', 3_000);
    expect(textOf($(el, '[part="error"]'))).to.contain('took too long');
  });

  const mapped: [string, ConsentChoice, RegExp][] = [
    ['not a business account', { portfolio: 'Siam Retail', accounts: ['Somchai'] }, /not a business account/],
    ['Page not in the portfolio', { portfolio: 'Siam Retail', accounts: ['Siam Retail Outlet'] }, /not linked to a Facebook Page in the same business portfolio/],
    ['permission missing', { portfolio: 'Siam Retail', accounts: ['Siam Retail (@siam.retail)'], permissions: false }, /permission .* was not granted/],
    ['already connected', { accounts: ['Bangkok Coffee (@bkk.coffee)'] }, /already connected/],
    ['a Meta error with an fbtrace_id', { metaError: true }, /Something went wrong|unexpected error/],
  ];
  for (const [what, choice, message] of mapped) {
    it(`maps "${what}" to its message, a Troubleshooting link and Try again`, async () => {
      const { el, popups } = await mountWizard();
      el.show('instagram');
      await el.updateComplete;
      await authorizeWith(el, popups, choice);
      await until(() => $(el, '[part="error"]'), 'the error');
      const panel = $(el, '[part="error"]')!;
      expect(textOf(panel)).to.match(message);
      const link = panel.querySelector('a')!;
      expect(textOf(link)).to.equal('Troubleshooting');
      expect(link.getAttribute('href')).to.match(/^https:\/\/.+#\w+$/);
      expect(textOf(panel)).to.contain('Try again');
      if (choice.metaError) expect(textOf(panel)).to.contain('Support ID: AxD3moTr4ce');
      await expect(el).to.be.accessible();
    });
  }

  it('WhatsApp: Embedded Signup through the popup connects the number', async () => {
    const { el, popups } = await mountWizard();
    el.show('whatsapp');
    await el.updateComplete;
    await authorizeWith(el, popups, { portfolio: 'Siam Retail', accounts: ['+66 2 765 4321'] });
    await until(() => heading(el) === '+66 2 765 4321 is connected', 'the result');
  });

  it('Webchat: validates the form, creates the channel, shows the snippet with Copy', async () => {
    const { el } = await mountWizard();
    el.show('webchat');
    await el.updateComplete;
    const form = $(el, 'form') as HTMLFormElement;
    (form.querySelector('[name="domains"]') as HTMLTextAreaElement).value = 'shop.example.com\nnot a domain!';
    button(el, 'Create').click();
    await el.updateComplete;
    expect(textOf($(el, '#name-error'))).to.equal('Enter a name.');
    expect(textOf($(el, '#domains-error'))).to.contain('"not" is not a domain');
    await expect(el).to.be.accessible();
    (form.querySelector('[name="name"]') as HTMLInputElement).value = 'Shop <b>bold</b>';
    (form.querySelector('[name="domains"]') as HTMLTextAreaElement).value = 'shop.example.com, *.example.org';
    setTimeout(() => button(el, 'Create').click());
    const connected = (await oneEvent(el, 'channel-connected')) as unknown as ChannelConnectedEvent;
    expect(connected.channel.name).to.equal('Shop <b>bold</b>');
    await el.updateComplete;
    const snippet = $(el, 'textarea.snippet') as HTMLTextAreaElement;
    expect(snippet.value).to.contain(connected.channel.id).and.contain('<script');
    expect($(el, 'b'), 'the name is text').to.equal(null);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void (copied = text) } });
    button(el, 'Copy').click();
    await until(() => textOf($(el, '.copy-row [role="status"]')) === 'Copied', 'the feedback');
    expect(copied).to.equal(snippet.value);
    await expect(el).to.be.accessible();
  });

  it('closing mid-flow asks first', async () => {
    const { el } = await mountWizard();
    el.show('instagram');
    await el.updateComplete;
    $(el, '.close-x')!.click();
    await el.updateComplete;
    expect(textOf($(el, '.confirm-close'))).to.contain('Stop connecting?');
    await expect(el).to.be.accessible();
    button(el, 'Keep going').click();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    $(el, '.close-x')!.click();
    await el.updateComplete;
    button(el, 'Stop').click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  describe('Escape (a real key press)', () => {
    it('closes the wizard at the type step, nothing connected', async () => {
      const { el } = await mountWizard();
      el.show();
      await el.updateComplete;
      const cancels = recordCancels(el);
      const closed = oneEvent(el, 'channel-dialog-close');
      await sendKeys({ press: 'Escape' });
      await until(() => !el.open, 'the wizard closed by Escape');
      const event = (await closed) as unknown as ChannelDialogCloseEvent;
      expect(cancels.map((e) => e.cancelable), 'the wizard could have refused').to.deep.equal([true]);
      expect(event.completed).to.equal(false);
      expect(el.open).to.equal(false);
      expect($(el, 'dialog')!.hasAttribute('open')).to.equal(false);
    });

    /** At the authorize step with Meta's window open, reached with real key presses. */
    async function waitingForMeta() {
      const { el, popups } = await mountWizard();
      el.show('instagram');
      await el.updateComplete;
      const cancels = recordCancels(el);
      await until(() => textOf(deepActiveElement()) === 'Before you connect, check that:', 'focus on the step');
      button(el, 'Continue with Meta').focus();
      await sendKeys({ press: 'Enter' });
      await consentPage(popups.last!);
      expect(textOf($(el, '[role="status"]'))).to.contain('Waiting');
      return { el, popups, cancels };
    }

    it("while Meta's window is open: Escape asks first and keeps the window; Keep going goes back to waiting", async () => {
      const { el, popups, cancels } = await waitingForMeta();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(cancels.map((e) => e.defaultPrevented), 'the wizard kept itself open').to.deep.equal([true]);
      expect(el.open).to.equal(true);
      expect($(el, 'dialog')!.hasAttribute('open')).to.equal(true);
      expect(textOf($(el, '.confirm-close'))).to.contain('Stop connecting?');
      expect(popups.last!.closed, "Meta's window stays open while it asks").to.equal(false);
      await until(() => textOf(deepActiveElement()) === 'Keep going', 'focus on the safe choice');
      await clickOn(button(el, 'Keep going'));
      await el.updateComplete;
      expect(textOf($(el, '.confirm-close'))).to.equal('');
      expect(heading(el)).to.equal('Before you connect, check that:');
      expect(textOf($(el, '[role="status"]')), 'still waiting for Meta').to.contain('Waiting');
      expect(popups.last!.closed).to.equal(false);
      expect(el.open).to.equal(true);
    });

    // Chromium lets a page refuse Escape only so often (its close-watcher rules, which want a new user
    // activation, and more): the second Escape in a row closes the wizard whatever the page does.
    it("while Meta's window is open, Escape twice in a row: the wizard closes, and the flow stops with it", async () => {
      const { el, popups, cancels } = await waitingForMeta();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(textOf($(el, '.confirm-close'))).to.contain('Stop connecting?');
      const closed = oneEvent(el, 'channel-dialog-close');
      await sendKeys({ press: 'Escape' });
      expect(((await closed) as unknown as ChannelDialogCloseEvent).completed).to.equal(false);
      expect(cancels.map((e) => e.cancelable), 'the second Escape could not be refused').to.deep.equal([true, false]);
      expect(el.open).to.equal(false);
      await until(() => popups.last!.closed, "Meta's window closed: the flow stopped with the wizard");
    });

    it('closes the wizard at the result step, the channel connected', async () => {
      const { el, popups } = await mountWizard();
      el.show('facebook');
      await el.updateComplete;
      await authorizeWith(el, popups, { accounts: ['Bangkok Coffee Outlet'] });
      await until(() => heading(el) === 'Bangkok Coffee Outlet is connected', 'the result');
      const cancels = recordCancels(el);
      // A person's click first: without it the browser would close the dialog on Escape whatever the
      // wizard did, and this would test the browser.
      await clickOn($(el, '.step-heading')!);
      const closed = oneEvent(el, 'channel-dialog-close');
      await sendKeys({ press: 'Escape' });
      await until(() => !el.open, 'the wizard closed by Escape');
      const event = (await closed) as unknown as ChannelDialogCloseEvent;
      expect(cancels.map((e) => e.cancelable), 'the wizard could have refused').to.deep.equal([true]);
      expect(event.completed).to.equal(true);
      expect(event.channel).to.include({ accountId: 'fb_1002' });
      expect(el.open).to.equal(false);
    });
  });

  it('a setup step reopened while its check runs shows no error for the dropped check, and checks again', async () => {
    const { memory, backend } = await backendFor({ rest: { latencyMs: 300 } });
    let checks = 0;
    const counted = Object.assign(Object.create(backend) as ChannelBackend, {
      getSetupChecks: (id: string, signal?: AbortSignal) => (checks++, backend.getSetupChecks(id, signal)),
    });
    const el = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${counted} .viewer=${memory.viewer} locale="en"></add-channel-wizard>`);
    const channel = await memory.getChannel('ch_6');
    expect(el.showSetup(channel)).to.equal(true);
    await until(() => checks === 1, 'the first check sent');
    // Opened again at once (a host showing another channel's setup, or Done and Setup in one go):
    // the first check is aborted, and its abort is nobody's error.
    expect(el.showSetup(channel)).to.equal(true);
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(textOf($(el, '[part="error"]')), 'no error while the new check runs').to.equal('');
    await until(() => checks === 2 && button(el, 'Check again'), 'the reopened step checked again');
    expect(textOf($(el, '[part="error"]')), 'no error after it').to.equal('');
    expect($(el, '[data-check="default_routing_app"]')!.dataset.state).to.equal('not_verified');
  });

  it('offers only the types the host allows, never LINE', async () => {
    const { el } = await mountWizard();
    el.channelTypes = 'instagram line webchat';
    el.show();
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="type"]')].map((r) => r.value)).to.deep.equal(['instagram', 'webchat']);
  });

  it('the permission gate: a CAAC agent cannot open it, through the UI or its method; a MAAC agent can', async () => {
    const agent = await mountWizard({ viewer: { product: 'caac', role: 'agent' } });
    expect(agent.el.show()).to.equal(false);
    await agent.el.updateComplete;
    expect($(agent.el, 'dialog')!.hasAttribute('open')).to.equal(false);
    const page = await mountSettings({ viewer: { product: 'caac', role: 'agent' } });
    page.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!.click();
    await page.el.updateComplete;
    expect(page.el.shadowRoot!.querySelector('add-channel-wizard')!.open).to.equal(false);
    const maac = await mountWizard({ viewer: { product: 'maac', role: 'agent' } });
    expect(maac.el.show()).to.equal(true);
  });

  it('keyboard only: from "Add Channel" to a connected channel in the list', async () => {
    const popups = popupRecorder();
    const { el: settings } = await mountSettings({ memory: metaBackend({ channels: [] }) });
    const wizard = settings.shadowRoot!.querySelector('add-channel-wizard')!;
    wizard.openWindow = popups.open;
    for (let i = 0; i < 5 && textOf(deepActiveElement()) !== 'Add Channel'; i++) await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => wizard.open, 'the wizard');
    await wizard.updateComplete;
    await until(() => textOf(deepActiveElement()) === 'Which channel do you want to connect?', 'focus on the question, not on ✕');
    await sendKeys({ press: 'Tab' }); // the first type (Facebook)
    await sendKeys({ press: 'ArrowDown' }); // Instagram
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('instagram');
    await sendKeys({ press: 'Enter' }); // submits the form: Next
    await until(() => heading(wizard) === 'Before you connect, check that:', 'the authorize step');
    while (textOf(deepActiveElement()) !== 'Continue with Meta') await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await consent(popups.last!, { portfolio: 'Siam Retail', accounts: ['Siam Retail (@siam.retail)'] });
    await until(() => heading(wizard) === 'Siam Retail is connected', 'the result');
    while (textOf(deepActiveElement()) !== 'Done') await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => !wizard.open, 'the wizard closed');
    const list = listOf(settings);
    const id = list.channels.find((c) => c.accountId === 'ig_2003')!.id;
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('data-id') === id, 'focus on the new row');
    expect(textOf(rowOf(list, id))).to.contain('Siam Retail');
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: every step speaks the viewer's language`, async () => {
      const t = await loadTranslation(locale);
      const { el } = await mountWizard({ locale });
      el.show();
      await el.updateComplete;
      expect(textOf($(el, 'h2'))).to.equal(t.addChannel);
      expect(textOf($(el, '.steps'))).to.contain(t.stepAuthorize);
      expect(heading(el)).to.equal(t.chooseType);
      (el.shadowRoot!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(heading(el)).to.equal(t.prerequisitesTitle);
      expect(textOf($(el, '.prerequisites'))).to.contain(t.prereqFbAdmin);
      expect(textOf(el.shadowRoot as unknown as Element)).to.contain(t.continueWithMeta);
    });
  }
});
