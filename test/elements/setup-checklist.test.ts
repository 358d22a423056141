// Issue 12, item 6: a setup item Meta gives no evidence for is never ticked; it says the app cannot
// verify it, where to check it, and links there. Shown by the wizard after connecting (and from a
// row's "Finish setup"), in every locale.
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { ChannelSchema, type SetupCheck } from '../../src/core/channel.js';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import { setupChecklist } from '../../src/elements/base/setup-checklist.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { en } from '../../src/i18n/locales/en.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { typicalOptions } from '../support/backends.js';
import { textOf, until } from '../support/fixtures.js';

const checks: SetupCheck[] = [
  { id: 'connected_app', state: 'verified', applies: true },
  { id: 'default_routing_app', state: 'unknown', applies: true },
];
const HELP = 'https://help.example/page-settings';

function rendered(t = en, url: string | undefined = HELP) {
  const host = document.createElement('div');
  render(setupChecklist(t, checks, false, () => {}, url), host);
  return host;
}

describe('the setup checklist', () => {
  it('an item without evidence: no tick, "can\'t be verified by the app", and the link to check it', () => {
    const item = rendered().querySelector('[data-check="default_routing_app"]')!;
    expect(item.querySelector('.check-mark')!.textContent).to.equal('?');
    expect(textOf(item)).to.contain("Can't be verified by the app — check it in the Page's settings");
    const link = item.querySelector('a')!;
    expect([link.href, link.target, link.rel, textOf(link)]).to.deep.equal([HELP, '_blank', 'noopener noreferrer', en.guideFbPage]);
  });

  it('a verified item has its tick and no link', () => {
    const item = rendered().querySelector('[data-check="connected_app"]')!;
    expect(item.querySelector('.check-mark')!.textContent).to.equal('✓');
    expect(item.querySelector('a')).to.equal(null);
  });

  for (const locale of ['zh-TW', 'th', 'ja'] as const) {
    it(`${locale}: says it in its own words, with the link`, async () => {
      const t = await loadTranslation(locale);
      const item = rendered(t).querySelector('[data-check="default_routing_app"]')!;
      expect(t.checkUnknown).to.not.equal(en.checkUnknown);
      expect(textOf(item)).to.contain(t.checkUnknown);
      expect(item.querySelector('a')!.href).to.equal(HELP);
    });
  }

  it('the wizard links it to its guide links\' Page help', async () => {
    const channel = ChannelSchema.parse({
      id: 'ch_fb',
      type: 'facebook',
      name: 'Bangkok Coffee',
      accountId: 'fb_1001',
      status: 'setup_incomplete',
      setupChecks: checks,
    });
    const backend = new MemoryBackend({ ...typicalOptions(), viewer: { product: 'caac', role: 'owner' } });
    backend.getSetupChecks = async () => checks;
    const wizard = await fixture<AddChannelWizard>(html`<add-channel-wizard .backend=${backend}></add-channel-wizard>`);
    wizard.guideLinks = { ...wizard.guideLinks, fbPage: HELP };
    await until(() => wizard.showSetup(channel), 'the viewer');
    await until(() => wizard.shadowRoot!.querySelector('[data-check="default_routing_app"] a'), 'the link');
    expect(wizard.shadowRoot!.querySelector<HTMLAnchorElement>('[data-check="default_routing_app"] a')!.href).to.equal(HELP);
    wizard.close();
  });
});
