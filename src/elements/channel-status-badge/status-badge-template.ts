import { html } from 'lit';
import type { StatusView } from '../../core/channel-status.js';
import { statusLabel } from '../../i18n/labels.js';
import type { Translation } from '../../i18n/translation.js';
import { STATUS_TONES, statusIcon } from './status-icons.js';

/**
 * The badge's markup, shared by `<channel-status-badge>` and the list's rows (which render it inline:
 * ten thousand rows need no ten thousand elements, and a prefixed list needs no badge tag).
 */
export function statusBadge(t: Translation, view: StatusView) {
  return html`<span part="badge" class="badge" data-tone=${STATUS_TONES[view.status]} data-status=${view.status}
    ><span part="icon" class="icon">${statusIcon(view.status)}</span><span part="label">${statusLabel(t, view)}</span></span
  >`;
}
