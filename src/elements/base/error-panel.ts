import { html, nothing } from 'lit';
import { describeError } from '../../i18n/error-message.js';
import type { Translation } from '../../i18n/translation.js';

export const DEFAULT_TROUBLESHOOTING_URL = 'https://www.facebook.com/business/help/';

/**
 * What a failed step shows: the mapped message, a Troubleshooting link (to the entry for that
 * reason), the support id where there is one, and Try again.
 */
export function errorPanel(t: Translation, error: unknown, troubleshootingUrl: string, retry: () => void) {
  const described = describeError(t, error);
  const link = `${troubleshootingUrl}#${described.reason}`;
  return html`<div part="error" class="error-panel" role="alert">
    <p class="alert">${described.message}</p>
    ${described.supportId ? html`<p class="support-id muted">${t.supportId(described.supportId)}</p>` : nothing}
    <p class="error-actions">
      <a href=${link} target="_blank" rel="noopener noreferrer">${t.troubleshooting}</a>
      <button class="button" @click=${retry}>${t.tryAgain}</button>
    </p>
  </div>`;
}
