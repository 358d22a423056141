import { html, nothing } from 'lit';
import type { SetupCheck, SetupCheckId } from '../../core/channel.js';
import type { MessageKey, Translation } from '../../i18n/translation.js';

const CHECK_TEXT: Record<SetupCheckId, MessageKey> = {
  default_routing_app: 'setupDefaultRouting',
  connected_app: 'setupConnectedApp',
  handover_primary_receiver: 'setupHandover',
  webhook: 'setupWebhook',
};

const STATE_TEXT: Record<SetupCheck['state'], MessageKey> = {
  verified: 'checkVerified',
  not_verified: 'checkNotVerified',
  unknown: 'checkUnknown',
};

/**
 * The after-connect setup of a Page-based channel (the article's step 6), each item verified or not
 * when the backend can tell, with "Check again". An item Meta gives no evidence for says so, and links
 * to where the person checks it themselves (`pageHelpUrl`): never a tick without evidence.
 */
export function setupChecklist(t: Translation, checks: readonly SetupCheck[], checking: boolean, checkAgain: () => void, pageHelpUrl?: string) {
  if (checks.length === 0) return nothing;
  const done = checks.every((check) => !check.applies || check.state === 'verified');
  return html`<section part="setup" class="setup" aria-labelledby="setup-title">
    <h3 id="setup-title">${done ? t.setupDone : t.setupTitle}</h3>
    <ul class="checks">
      ${checks.map(
        (check) => html`<li data-check=${check.id} data-state=${check.applies ? check.state : 'n/a'}>
          <span class="check-mark" aria-hidden="true">${!check.applies ? '–' : check.state === 'verified' ? '✓' : check.state === 'not_verified' ? '!' : '?'}</span>
          <span>${t[CHECK_TEXT[check.id]] as string}</span>
          <span class="check-state muted">${check.applies ? (t[STATE_TEXT[check.state]] as string) : t.checkNotApplicable}</span>
          ${check.applies && check.state === 'unknown' && pageHelpUrl
            ? html`<a class="check-help" href=${pageHelpUrl} target="_blank" rel="noopener noreferrer">${t.guideFbPage}</a>`
            : nothing}
        </li>`,
      )}
    </ul>
    <button class="button" aria-disabled=${checking ? 'true' : 'false'} @click=${() => !checking && checkAgain()}>
      ${checking ? t.checking : t.checkAgain}
    </button>
  </section>`;
}
