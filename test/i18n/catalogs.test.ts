import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ChannelKitError } from '../../src/core/errors.js';
import { loadTranslation, registerTranslation } from '../../src/i18n/catalog.js';
import { describeError } from '../../src/i18n/error-message.js';
import { en } from '../../src/i18n/locales/en.js';
import { SUPPORTED_LOCALES, resolveLocale } from '../../src/i18n/locales.js';
import { LocalizeController } from '../../src/i18n/localize-controller.js';
import type { ErrorReason } from '../../src/core/errors.js';

const REASONS: ErrorReason[] = [
  'token_expired', 'permission_missing', 'rate_limited', 'policy_blocked', 'page_not_in_portfolio', 'not_business_account',
  'already_connected', 'different_account', 'popup_blocked', 'popup_timeout', 'network', 'timeout', 'not_allowed',
  'not_found', 'invalid_response', 'invalid_request', 'session_expired', 'unauthenticated', 'unknown',
];

class LocalizedProbe extends LitElement {
  static override properties = { locale: {} };
  locale?: string;
  readonly localize = new LocalizeController(this, () => this.locale);
  override render() {
    return this.localize.t.channelSettings;
  }
}
customElements.define('localized-probe', LocalizedProbe);

describe('localization', () => {
  it('resolves language tags to a supported locale', () => {
    expect(['th-TH', 'ja-JP', 'zh-Hant', 'zh-TW', 'zh-CN', 'fr', '', 'EN-gb'].map(resolveLocale)).to.deep.equal([
      'th', 'ja', 'zh-TW', 'zh-TW', 'en', 'en', 'en', 'en',
    ]);
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: every message is present, non-empty, and differs from English where it should`, async () => {
      const t = await loadTranslation(locale);
      expect(Object.keys(t)).to.deep.equal(Object.keys(en));
      for (const [key, value] of Object.entries(t)) {
        const text = typeof value === 'function' ? (value as (...a: unknown[]) => string)(3, 5) : value;
        expect(text, `${locale}.${key}`).to.be.a('string').and.not.equal('');
        expect(text, `${locale}.${key} is plain text`).to.not.match(/<[a-z]/i);
      }
      if (locale !== 'en') expect(t.addChannel).to.not.equal(en.addChannel);
    });

    it(`${locale}: every error reason has a message`, async () => {
      const t = await loadTranslation(locale);
      const messages = REASONS.map((reason) => describeError(t, new ChannelKitError('http', 'x', { reason })).message);
      expect(messages.every((m) => m.length > 0)).to.equal(true);
      expect(new Set(messages).size, 'each reason says something of its own').to.be.at.least(REASONS.length - 1);
    });
  }

  it('adds Meta\'s own user message and the support id', () => {
    const error = new ChannelKitError('meta', 'x', { meta: { code: 190, fbtraceId: 'Tr4ce', userMessage: 'Log in to Facebook again.' } });
    const described = describeError(en, error);
    expect(described).to.deep.equal({ reason: 'token_expired', message: `${en.errorTokenExpired} Log in to Facebook again.`, supportId: 'Tr4ce' });
  });

  it('is chosen per element: its own locale, else the nearest lang, else the document', async () => {
    const el = await fixture<LocalizedProbe>(html`<div lang="ja"><localized-probe></localized-probe></div>`).then((div) => div.querySelector<LocalizedProbe>('localized-probe')!);
    await loadTranslation('ja');
    await el.updateComplete;
    const ja = await loadTranslation('ja');
    expect(el.shadowRoot!.textContent).to.equal(ja.channelSettings);
    el.locale = 'th';
    await el.localize.ready();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal((await loadTranslation('th')).channelSettings);
    const other = await fixture<LocalizedProbe>(html`<localized-probe></localized-probe>`);
    expect(other.shadowRoot!.textContent, 'a neighbour keeps its own locale').to.equal(en.channelSettings);
  });

  it('lets a host override a catalog', async () => {
    const ja = await loadTranslation('ja');
    registerTranslation('ja', { ...ja, addChannel: 'チャネルを追加する' });
    expect((await loadTranslation('ja')).addChannel).to.equal('チャネルを追加する');
    registerTranslation('ja', ja);
  });
});
