import { html, nothing } from 'lit';
import { describeError } from '../../i18n/error-message.js';
import type { Translation } from '../../i18n/translation.js';

export const DEFAULT_TROUBLESHOOTING_URL = 'https://www.facebook.com/business/help/';

/**
 * What a failed step shows, in every dialog: the mapped message, the support id where there is one,
 * then, given a troubleshooting URL, a Troubleshooting link (to the entry for that reason) and Try
 * again (given `retry`). The disconnect dialog passes neither: its own button says Try again.
 */
export function errorPanel(t: Translation, error: unknown, troubleshootingUrl?: string, retry?: () => void) {
  const described = describeError(t, error);
  return html`<div part="error" class="error-panel" role="alert">
    <p class="alert">${described.message}</p>
    ${described.supportId ? html`<p class="support-id muted">${t.supportId(described.supportId)}</p>` : nothing}
    ${troubleshootingUrl
      ? html`<p class="error-actions">
          <a href=${`${troubleshootingUrl}#${described.reason}`} target="_blank" rel="noopener noreferrer">${t.troubleshooting}</a>
          ${retry ? html`<button class="button" @click=${retry}>${t.tryAgain}</button>` : nothing}
        </p>`
      : nothing}
  </div>`;
}
