import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ChannelKitElement } from './channel-kit-element.js';

/** What the dialogs share: the native `<dialog>` kept in step with `open`, and a safe close. */
export abstract class ChannelKitDialog extends ChannelKitElement {
  /** Whether the dialog is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @query('dialog') protected dialog?: HTMLDialogElement;

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (!changed.has('open') || !this.dialog) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  /**
   * The native dialog's `close` event (Escape, or `open = false`). It arrives a task later, so a
   * dialog closed and opened again at once is open by then: that late event is ignored.
   */
  protected readonly onDialogClose = (): void => {
    if (this.dialog?.open) return;
    this.open = false;
    this.afterClose();
  };

  /** Why the confirming button is disabled, for a viewer who may not manage (its `aria-describedby`). */
  protected renderPermissionNote() {
    return this.canManage ? nothing : html`<p class="muted" id="permission-note">${this.localize.t.noPermission}</p>`;
  }

  /** While the Meta window is open: where to look for it. */
  protected renderWaitingForMeta() {
    const t = this.localize.t;
    return html`<p role="status" class="waiting">${t.authorizing} <span class="muted">${t.popupHint}</span></p>`;
  }

  /** Runs once the dialog has really closed: stop work, tell the host. */
  protected abstract afterClose(): void;
}
