import { html, nothing } from 'lit';
import { describeError } from '../../i18n/error-message.js';
import type { Translation } from '../../i18n/translation.js';

/** The list's other faces than its rows: loading, a failure with Try again, its notes, empty. */

export function skeletonTemplate(t: Translation) {
  return html`<div class="state" aria-busy="true">
    <p role="status" class="visually-hidden">${t.loading}</p>
    ${[0, 1, 2].map(() => html`<div class="skeleton-row" aria-hidden="true"><span></span><span></span><span></span></div>`)}
  </div>`;
}

/**
 * A failure, said and offered again: in place of the list (`state error-state`), or above the rows
 * still shown (`refresh-error`). `lead` comes before the error's own message.
 */
export function failureTemplate(t: Translation, className: string, error: unknown, retry: () => void, retryLabel: string, lead = '') {
  return html`<div part="error" class=${className}>
    <p role="alert" class="alert">${lead} ${describeError(t, error).message}</p>
    <button class="button" @click=${retry}>${retryLabel}</button>
  </div>`;
}

/**
 * Why the management controls are disabled (`#permission-note`, which they point to): who the viewer
 * is could not be asked (with Try again), or `note`, the policy's refusal of adding a channel.
 */
export function permissionNoteTemplate(t: Translation, viewerError: unknown, retryViewer: () => void, note: string | null) {
  if (viewerError) {
    return html`<div part="permission-note" id="permission-note" class="permission-note viewer-error" role="alert">
      <span>${t.viewerUnknown} ${describeError(t, viewerError).message}</span>
      <button class="button" @click=${retryViewer}>${t.retry}</button>
    </div>`;
  }
  return note ? html`<p part="permission-note" id="permission-note" class="permission-note">${note}</p>` : nothing;
}

export function skippedTemplate(t: Translation, skipped: number) {
  return skipped ? html`<p class="muted notice" role="status">${t.rowsSkipped(skipped)}</p>` : nothing;
}

/** No channels yet: says so, and offers Add Channel (disabled, pointing to the note, when the viewer may not add). */
export function emptyTemplate(t: Translation, canAdd: boolean, add: () => void) {
  return html`<div part="empty" class="state empty">
    <h3>${t.emptyTitle}</h3>
    <p class="muted">${t.emptyBody}</p>
    <button
      class="button primary"
      aria-disabled=${canAdd ? 'false' : 'true'}
      aria-describedby=${canAdd ? nothing : 'permission-note'}
      @click=${() => canAdd && add()}
    >
      ${t.addChannel}
    </button>
  </div>`;
}
