// The wizard's flow state and its requests (issue 13, item 1): each opening starts from nothing, and
// a request the person walked away from lands nowhere, neither on the page nor as an event.
import { expect, fixture, html } from '@open-wc/testing';
import type { ChannelBackend, CreateWebchatInput } from '../../src/adapters/backend.js';
import type { GrantedAccount } from '../../src/core/authorization.js';
import type { Channel, WebchatCreated } from '../../src/core/channel.js';
import { isChannelKitError } from '../../src/core/errors.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import { INITIAL_FLOW, atSetup, ineligible, picking, withType } from '../../src/elements/add-channel-wizard/wizard-flow.js';
import { backendFor, textOf, until } from '../support/fixtures.js';

const $ = (el: AddChannelWizard, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const button = (el: AddChannelWizard, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === text);
const heading = (el: AddChannelWizard) => textOf($(el, '.step-heading'));

/** A wizard whose backend holds each Webchat creation until the test lets it through. */
async function wizardWithHeldCreation() {
  const { memory, backend } = await backendFor();
  const held: { settle: (fail?: Error) => Promise<void> }[] = [];
  const holding = Object.assign(Object.create(backend) as ChannelBackend, {
    // Ignores the AbortSignal, as a backend may: the outcome arrives whatever the wizard did.
    createWebchat: (input: CreateWebchatInput) =>
      new Promise<WebchatCreated>((resolve, reject) => {
        held.push({ settle: async (fail) => (fail ? reject(fail) : resolve(await backend.createWebchat(input))) });
      }),
  });
  const el = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${holding} .viewer=${memory.viewer} locale="en"></add-channel-wizard>`);
  const heard: string[] = [];
  const connected: Channel[] = [];
  el.addEventListener('channel-connect-error', () => heard.push('channel-connect-error'));
  el.addEventListener('channel-connected', (event) => (heard.push('channel-connected'), connected.push(event.channel)));
  return { el, held, heard, connected };
}

/** At the Webchat step, the form filled in and sent: the creation is on its way. */
async function createAndWalkAway(el: AddChannelWizard) {
  el.show('webchat');
  await el.updateComplete;
  el.shadowRoot!.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Shop';
  el.shadowRoot!.querySelector<HTMLTextAreaElement>('[name="domains"]')!.value = 'shop.example.com';
  button(el, 'Create')!.click();
  await until(() => button(el, 'Creating…'), 'the creation on its way');
  button(el, 'Back')!.click();
  await el.updateComplete;
  expect(heading(el)).to.equal('Which channel do you want to connect?');
}

/** Lets the late outcome, now settled, run whatever it would. */
const afterwards = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('<add-channel-wizard> flow state and requests', () => {
  it('each opening starts afresh: the last one’s form errors and Copy outcome are gone', async () => {
    const { el, held, connected } = await wizardWithHeldCreation();
    el.show('webchat');
    await el.updateComplete;
    button(el, 'Create')!.click();
    await until(() => $(el, '#name-error'), 'the form errors');
    el.close();
    el.show('webchat');
    await el.updateComplete;
    expect(textOf($(el, '#name-error')) + textOf($(el, '#domains-error')), 'no errors on a fresh form').to.equal('');

    el.shadowRoot!.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Shop';
    el.shadowRoot!.querySelector<HTMLTextAreaElement>('[name="domains"]')!.value = 'shop.example.com';
    button(el, 'Create')!.click();
    await until(() => held.length === 1, 'the creation sent');
    await held[0]!.settle();
    await until(() => $(el, 'textarea.snippet'), 'the snippet');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => {} } });
    button(el, 'Copy')!.click();
    await until(() => textOf($(el, '.copy-row [role="status"]')) === 'Copied', 'the Copy outcome');
    el.showSetup(connected[0]!);
    await el.updateComplete;
    expect(textOf($(el, '.copy-row [role="status"]')), 'no Copy outcome on the new opening').to.equal('');
  });

  it('a creation walked away from (Back) lands nowhere: no result step, no channel-connected', async () => {
    const { el, held, heard } = await wizardWithHeldCreation();
    await createAndWalkAway(el);
    await held[0]!.settle();
    await afterwards();
    await el.updateComplete;
    expect(heading(el)).to.equal('Which channel do you want to connect?');
    expect(!!$(el, 'textarea.snippet'), 'no snippet').to.equal(false);
    expect(heard).to.deep.equal([]);
  });

  it('a failure walked away from is nobody’s news: no channel-connect-error, no error when the step is back', async () => {
    const { el, held, heard } = await wizardWithHeldCreation();
    await createAndWalkAway(el);
    await held[0]!.settle(new Error('late failure'));
    await afterwards();
    el.show('webchat');
    await el.updateComplete;
    expect(textOf($(el, '[part="error"]'))).to.equal('');
    expect(heard).to.deep.equal([]);
  });

  it('a creation that fails while the person waits: its error, with channel-connect-error once', async () => {
    const { el, held, heard } = await wizardWithHeldCreation();
    el.show('webchat');
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Shop';
    el.shadowRoot!.querySelector<HTMLTextAreaElement>('[name="domains"]')!.value = 'shop.example.com';
    button(el, 'Create')!.click();
    await until(() => held.length === 1, 'the creation sent');
    await held[0]!.settle(new Error('no'));
    await until(() => $(el, '[part="error"]'), 'the error');
    expect(heard).to.deep.equal(['channel-connect-error']);
    expect(!!button(el, 'Create'), 'the form can be sent again').to.equal(true);
  });
});

describe('wizard-flow transitions', () => {
  const account = (id: string, eligibility: GrantedAccount['eligibility']) => ({ id, type: 'instagram', name: id, eligibility }) as GrantedAccount;

  it('a chosen type leads to its first step', () => {
    expect(withType(INITIAL_FLOW, 'webchat').step).to.equal('webchat');
    expect(withType(INITIAL_FLOW, 'instagram')).to.deep.equal({ step: 'authorize', type: 'instagram' });
  });

  it('several accounts granted: the first eligible one is chosen, or none', () => {
    const flow = picking(INITIAL_FLOW, 's1', [account('a', 'not_business_account'), account('b', 'eligible'), account('c', 'eligible')]);
    expect([flow.step, flow.sessionId, flow.chosenAccount]).to.deep.equal(['pick', 's1', 'b']);
    expect(picking(INITIAL_FLOW, 's1', [account('a', 'already_connected')]).chosenAccount).to.equal(undefined);
  });

  it('a setup opened for a channel the wizard cannot connect has no type', () => {
    const line = { type: 'line', setupChecks: [] } as unknown as Channel;
    expect(atSetup(line)).to.include({ step: 'result', type: undefined, channel: line });
  });

  it('an ineligible account is a conflict whose reason has a catalog message', () => {
    const error = ineligible('missing_permission');
    expect(isChannelKitError(error) && [error.kind, error.reason]).to.deep.equal(['conflict', 'permission_missing']);
    expect(ineligible('page_not_in_portfolio').reason).to.equal('page_not_in_portfolio');
  });
});
