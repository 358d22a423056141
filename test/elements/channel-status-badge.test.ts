import { expect, fixture, html } from '@open-wc/testing';
import type { ChannelStatus } from '../../src/core/channel.js';
import { statusView } from '../../src/core/channel-status.js';
import '../../src/define.js';
import type { ChannelStatusBadge } from '../../src/elements/channel-status-badge/channel-status-badge.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const label = (el: ChannelStatusBadge) => el.shadowRoot!.querySelector('[part="label"]')!.textContent;

describe('<channel-status-badge>', () => {
  const cases: [ChannelStatus, string, string][] = [
    ['connected', 'Connected', 'ok'],
    ['token_expired', 'Token expired', 'danger'],
    ['setup_incomplete', 'Setup incomplete', 'warning'],
    ['disconnected', 'Disconnected', 'neutral'],
    ['connecting', 'Connecting…', 'progress'],
    ['unknown', 'Unknown', 'neutral'],
  ];
  for (const [status, text, tone] of cases) {
    it(`${status}: "${text}", with an icon and a colour`, async () => {
      const el = await fixture<ChannelStatusBadge>(html`<channel-status-badge status=${status}></channel-status-badge>`);
      expect(label(el)).to.equal(text);
      expect(el.shadowRoot!.querySelector('[part="icon"] svg')).to.not.equal(null);
      expect(el.shadowRoot!.querySelector('[part="badge"]')!.getAttribute('data-tone')).to.equal(tone);
      await expect(el).to.be.accessible();
    });
  }

  it('no two statuses share an icon (never colour alone)', async () => {
    const icons = new Set<string>();
    for (const [status] of cases) {
      const el = await fixture<ChannelStatusBadge>(html`<channel-status-badge status=${status}></channel-status-badge>`);
      icons.add(new XMLSerializer().serializeToString(el.shadowRoot!.querySelector('[part="icon"] svg')!).replace(/<!--.*?-->/g, ''));
    }
    expect(icons.size).to.equal(cases.length);
  });

  it('"Expires in N days" within the window, configurable', async () => {
    const channel = { status: 'connected' as const, tokenExpiresAt: inDays(3.5) };
    const el = await fixture<ChannelStatusBadge>(html`<channel-status-badge .channel=${channel}></channel-status-badge>`);
    expect(label(el)).to.equal('Expires in 4 days');
    el.expiryWindowDays = 2;
    await el.updateComplete;
    expect(label(el)).to.equal('Connected');
    await expect(el).to.be.accessible();
  });

  it('counts days the way a person reads them', () => {
    const view = (days: number) => statusView({ status: 'connected', tokenExpiresAt: inDays(days) });
    expect(view(0.5)).to.deep.equal({ status: 'expiring', daysLeft: 0 });
    expect(view(1.2)).to.deep.equal({ status: 'expiring', daysLeft: 2 });
    expect(view(7)).to.deep.equal({ status: 'expiring', daysLeft: 7 });
    expect(view(7.5)).to.deep.equal({ status: 'connected' });
    expect(view(-0.1)).to.deep.equal({ status: 'token_expired' });
    expect(statusView({ status: 'disconnected', tokenExpiresAt: inDays(-3) })).to.deep.equal({ status: 'disconnected' });
  });

  it('reads its status from expires-at too', async () => {
    const el = await fixture<ChannelStatusBadge>(html`<channel-status-badge status="connected" expires-at=${inDays(-1)}></channel-status-badge>`);
    expect(label(el)).to.equal('Token expired');
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: its own words`, async () => {
      const t = await loadTranslation(locale);
      const el = await fixture<ChannelStatusBadge>(html`<channel-status-badge locale=${locale} .channel=${{ status: 'connected', tokenExpiresAt: inDays(2.5) }}></channel-status-badge>`);
      await el.updateComplete;
      expect(label(el)).to.equal(t.statusExpiresInDays(3));
    });
  }
});
