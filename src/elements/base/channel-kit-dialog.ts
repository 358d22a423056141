import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ChannelKitError } from '../../core/errors.js';
import { ChannelKitElement } from './channel-kit-element.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from './error-panel.js';

/** Runs `task` when the page is next idle (or within `timeout` ms); returns a cancel. */
function whenIdle(task: () => void, timeout = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 200);
  return () => clearTimeout(handle);
}

/** What the dialogs share: the native `<dialog>` kept in step with `open`, and a safe close. */
export abstract class ChannelKitDialog extends ChannelKitElement {
  /** Whether the dialog is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @query('dialog') protected dialog?: HTMLDialogElement;
  private cancelWarmUp?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.cancelWarmUp?.();
    this.cancelWarmUp = whenIdle(() => this.warmUp());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelWarmUp?.();
    this.cancelWarmUp = undefined;
  }

  /**
   * Lays the closed dialog out once, unseen, while the page is idle, so that its first open does not
   * pay between the click and the paint for loading its fonts and shaping its text (most of a first
   * open's layout). The dialog stays hidden (`visibility: hidden`: not painted, not focusable, not
   * in the accessibility tree) and is back to `display: none` before the task ends.
   */
  private warmUp(): void {
    this.cancelWarmUp = undefined;
    const dialog = this.dialog;
    if (!dialog || dialog.open || !this.isConnected) return;
    dialog.setAttribute('data-warm-up', '');
    dialog.getBoundingClientRect();
    dialog.removeAttribute('data-warm-up');
  }

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

  /**
   * Why the confirming button is disabled (its `aria-describedby`): the viewer may not manage, or who
   * the viewer is could not be asked — then the error panel says why, and its Try again asks again.
   */
  protected renderPermissionNote(troubleshootingUrl = DEFAULT_TROUBLESHOOTING_URL) {
    const t = this.localize.t;
    const error = this.activeViewerError;
    return this.canManage
      ? nothing
      : html`<p class="muted" id="permission-note">${error ? t.viewerUnknown : t.noPermission}</p>
          ${error ? errorPanel(t, error, troubleshootingUrl, () => this.retryViewer()) : nothing}`;
  }

  /**
   * The permission gate of a dialog's actions: true, with the refusal shown through `show`, for a
   * viewer who may not manage. When who the viewer is could not be asked, the permission note says so
   * already, with Try again: nothing is added.
   */
  protected refused(show: (error: ChannelKitError) => void): boolean {
    if (this.canManage) return false;
    if (!this.activeViewerError) show(new ChannelKitError('permission', 'Only the Owner or a Primary admin can manage channels.'));
    return true;
  }

  /** While the Meta window is open: where to look for it. */
  protected renderWaitingForMeta() {
    const t = this.localize.t;
    return html`<p role="status" class="waiting">${t.authorizing} <span class="muted">${t.popupHint}</span></p>`;
  }

  /** Runs once the dialog has really closed: stop work, tell the host. */
  protected abstract afterClose(): void;
}
