import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { whenIdle } from '../../core/when-idle.js';
import { ChannelDialogCloseRequestEvent, type DialogCloseSource } from '../../events/channel-events.js';
import type { PermissionRequest } from '../../permissions/policy.js';
import { ChannelKitElement } from './channel-kit-element.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from './error-panel.js';
import { addOnDemandMessages } from '../../i18n/catalog.js';
import { enOnDemand } from '../../i18n/locales/en-on-demand.js';

// The wizard's and the dialogs' own English messages come with them, not with the page's first paint.
addOnDemandMessages(enOnDemand);

/**
 * The dialog contract every Channel Kit dialog keeps:
 * - `show(…)` opens it and `close()` closes it, each returning whether it did. `show` refuses what the
 *   permission policy refuses (its `permissionRequest`: the action, on the channel); when who the
 *   viewer is could not be asked, it opens, and says so.
 * - `renderDialog(heading, body, actions)` is its shell: the native `<dialog>` (part `dialog`, labelled
 *   by its heading), the optional ✕, the footer, Escape and the native close wired in.
 * - A person's request to close (✕, Cancel, Escape) goes through `askToClose(source)`: refused while
 *   `holdsOpen` (an outcome is on its way), else a cancelable `channel-dialog-close-request` asks the
 *   host, else it closes.
 * - A refused action (`refused()`) shows in one place, the permission note, which then alerts.
 *
 * @fires channel-dialog-close-request - A person asked to close (its ✕, Cancel, Escape): `{ source }`. Cancelable: `preventDefault()` keeps it open.
 */
export abstract class ChannelKitDialog extends ChannelKitElement {
  /** Whether the dialog is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @query('dialog') protected dialog?: HTMLDialogElement;
  /** How many actions were refused since it opened: each one alerts the permission note afresh. */
  @state() private refusals = 0;
  private cancelWarmUp?: () => void;

  /**
   * Opens the dialog. Returns false, and opens nothing, when the policy refuses its action (or the
   * viewer is not yet known). A viewer who could not be asked opens it: the permission note says so, with Try again.
   */
  show(): boolean {
    return this.openFor(this.permissionRequest);
  }

  /**
   * Opens for what `request` asks, unless the policy refuses it. A viewer who could not be asked
   * opens it: the permission note says so, with Try again.
   */
  protected openFor({ action, channel, channelType }: PermissionRequest): boolean {
    if (!this.permissionFor(action, channel, channelType).allowed && !this.activeViewerError) return false;
    this.refusals = 0;
    this.open = true;
    return true;
  }

  /** Closes the dialog (the host's command: never refused). Returns false when it was not open. */
  close(): boolean {
    if (!this.open) return false;
    this.open = false;
    return true;
  }

  /** While true, a person's request to close is refused without asking the host: an outcome is on its way. */
  protected get holdsOpen(): boolean {
    return false;
  }

  /**
   * A person asked to close (✕, Cancel, Escape): refused while `holdsOpen`, then asks the host
   * (cancelable `channel-dialog-close-request`), then `closeOnRequest()`. Returns whether it closes.
   */
  protected askToClose(source: DialogCloseSource): boolean {
    return !this.holdsOpen && this.dispatchEvent(new ChannelDialogCloseRequestEvent(source)) && this.closeOnRequest();
  }

  /** What a request the host let through does: closes. A dialog that asks the person first overrides it. */
  protected closeOnRequest(): boolean {
    return this.close();
  }

  /**
   * Escape (the native `cancel`; also a platform's back gesture). Chromium lets a page refuse it once
   * per opening, after a user activation since the dialog opened: a further Escape arrives not
   * cancelable, and the dialog closes whatever the page does. The host is then told, with a request
   * it cannot refuse (test/elements/dialog-contract.test.ts measures this).
   */
  private readonly onEscape = (event: Event): void => {
    if (!event.cancelable) this.dispatchEvent(new ChannelDialogCloseRequestEvent('keyboard', false));
    else if (!this.askToClose('keyboard')) event.preventDefault();
  };

  /**
   * The native dialog's `close` event (Escape, or `open = false`). It arrives a task later, so a
   * dialog closed and opened again at once is open by then: that late event is ignored.
   */
  protected readonly onDialogClose = (): void => {
    if (this.dialog?.open) return;
    this.open = false;
    this.afterClose();
  };

  /** Runs once the dialog has really closed: stop work, tell the host. */
  protected abstract afterClose(): void;

  /**
   * The shell: the native `<dialog>` labelled by `heading` (an `h2#title`, beside a ✕ when
   * `closeButton`), then `body`, then `actions` in the footer.
   */
  protected renderDialog(heading: unknown, body: unknown, actions?: unknown, closeButton = false) {
    const title = html`<h2 id="title">${heading}</h2>`;
    const close = () => this.askToClose('close-button');
    return html`<dialog part="dialog" aria-labelledby="title" @cancel=${this.onEscape} @close=${this.onDialogClose}>
      ${closeButton ? html`<div class="title-row">${title}<button class="button close-x" aria-label=${this.localize.t.close} @click=${close}>✕</button></div>` : title}
      ${body} ${actions ? html`<div class="footer">${actions}</div>` : nothing}
    </dialog>`;
  }

  /**
   * Why the confirming button is disabled (its `aria-describedby`): the policy refuses the dialog's
   * action (its reason, else the product rule's message), or who
   * the viewer is could not be asked — then the error panel says why, and its Try again asks again.
   * After a refused action it is an alert, made afresh for each refusal so that each is announced.
   */
  protected renderPermissionNote(troubleshootingUrl = DEFAULT_TROUBLESHOOTING_URL) {
    if (this.canManage) return nothing;
    const t = this.localize.t;
    const error = this.activeViewerError;
    const { action, channel, channelType } = this.permissionRequest;
    const refusal = error ? t.viewerUnknown : this.refusalText(this.permissionFor(action, channel, channelType));
    const note = html`<p class="muted" id="permission-note" role=${this.refusals && !error ? 'alert' : nothing}>${refusal}</p>`;
    return keyed(this.refusals, error ? [note, errorPanel(t, error, troubleshootingUrl, () => this.retryViewer())] : note);
  }

  /**
   * The permission gate of a dialog's actions: true when the policy refuses the dialog's action, with
   * the refusal shown in the permission note.
   */
  protected refused(): boolean {
    if (this.canManage) return false;
    this.refusals++;
    return true;
  }

  /** While the Meta window is open: where to look for it. */
  protected renderWaitingForMeta() {
    const t = this.localize.t;
    return html`<p role="status" class="waiting">${t.authorizing} <span class="muted">${t.popupHint}</span></p>`;
  }

  /** Moves focus to `selector` once the next render is done (the outcome's button). */
  protected async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

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
}
