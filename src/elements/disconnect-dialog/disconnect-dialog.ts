import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RequestController } from '../../controllers/request-controller.js';
import type { Channel } from '../../core/channel.js';
import type { PermissionRequest } from '../../permissions/policy.js';
import { ChannelDialogCloseEvent, ChannelDisconnectRequestEvent, ChannelDisconnectedEvent } from '../../events/channel-events.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';
import { errorPanel } from '../base/error-panel.js';

/**
 * Scenario 2: says what disconnecting means before the user confirms — no more messages, the
 * conversations and contacts are kept, the channel cannot be deleted and stays as "Disconnected" —
 * then disconnects and confirms it on screen. A failure leaves the channel as it was, with Try again.
 *
 * @fires channel-disconnect-request - Before the call; cancelable: `preventDefault()` stops it.
 * @fires channel-disconnected - The channel was disconnected: `{ channel }`.
 * @fires channel-dialog-close-request - Cancel or Escape was pressed: `{ source }`. Cancelable: `preventDefault()` keeps it open. While the disconnect runs, the dialog refuses on its own, without asking.
 * @fires channel-dialog-close - The dialog closed: `{ completed, channel }`.
 * @csspart dialog - The native dialog.
 * @csspart consequences - The list of what disconnecting means.
 * @csspart confirm-button - The Disconnect (or Try again) button.
 * @csspart cancel-button - The Cancel button.
 * @csspart error - The error: its message and support id.
 * @cssprop --ck-backdrop - The backdrop behind the dialog.
 * @cssprop --ck-color-danger - The Disconnect button's colour.
 */
export class DisconnectDialog extends ChannelKitDialog {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      ul {
        margin: 0;
        padding-inline-start: 1.25rem;
        display: grid;
        gap: var(--_space);
      }
    `,
  ];

  /** The channel to disconnect. */
  @property({ attribute: false }) channel?: Channel;
  private readonly request = new RequestController<Channel>(this);
  /** The host refused the last Disconnect (`channel-disconnect-request` prevented): the dialog says so. */
  @state() private stopped = false;

  /**
   * Opens for `channel`. Returns false, and opens nothing, when the policy refuses to disconnect it,
   * without a channel, or while a disconnect is still running (the dialog was closed while it ran).
   */
  override show(channel?: Channel): boolean {
    channel ??= this.channel;
    if (!channel || this.request.pending || !this.openFor({ action: 'disconnect', channel })) return false;
    this.channel = channel;
    this.request.abort();
    this.stopped = false;
    return true;
  }

  protected override get permissionRequest(): PermissionRequest {
    return this.channel ? { action: 'disconnect', channel: this.channel } : { action: 'disconnect' };
  }

  /** While the disconnect runs, Cancel and Escape would hide its outcome: the person waits a moment. */
  protected override get holdsOpen(): boolean {
    return this.request.pending;
  }

  /**
   * Disconnects the channel. The permission gate holds here too: what the policy refuses is refused
   * (the permission note says so) and no request is sent. A second call while one runs does
   * nothing.
   */
  async confirm(): Promise<Channel | undefined> {
    const channel = this.channel;
    const backend = this.activeBackend;
    if (this.request.pending || this.refused() || !channel || !backend) return undefined;
    this.stopped = !this.dispatchEvent(new ChannelDisconnectRequestEvent(channel));
    if (this.stopped) return undefined;
    const disconnected = await this.request.run(async (signal) => {
      // "Disconnecting…" paints first; the request, and the list's update when it answers, come a
      // task later (a backend that answers at once would otherwise hold the click's frame).
      await new Promise((resolve) => setTimeout(resolve));
      signal.throwIfAborted();
      const result = await backend.disconnect(channel.id, signal);
      signal.throwIfAborted();
      return (this.channel = result);
    });
    if (disconnected) {
      this.dispatchEvent(new ChannelDisconnectedEvent(disconnected));
      await this.focusAfterUpdate('.close');
    }
    return disconnected;
  }

  protected afterClose(): void {
    // The request, if one still runs, goes on: its outcome reaches the list.
    this.dispatchEvent(new ChannelDialogCloseEvent(this.request.status === 'complete', this.channel ?? null));
  }

  override render() {
    const t = this.localize.t;
    const name = this.channel?.name ?? '';
    const { pending, status, error } = this.request;
    if (status === 'complete') {
      return this.renderDialog(
        t.statusDisconnected,
        html`<p role="status">${t.disconnectDone(name)}</p>`,
        html`<button class="button primary close" @click=${() => this.close()}>${t.close}</button>`,
      );
    }
    return this.renderDialog(
      t.disconnectTitle(name),
      html`<ul part="consequences">
          <li>${t.disconnectNoMessages}</li>
          <li>${t.disconnectKept}</li>
          <li>${t.disconnectNoDelete}</li>
        </ul>
        ${this.renderPermissionNote()} ${error ? errorPanel(t, error) : nothing}
        ${this.stopped ? html`<p role="status" class="muted">${t.disconnectStopped}</p>` : nothing}`,
      html`<button part="cancel-button" class="button" autofocus ?disabled=${pending} @click=${() => this.askToClose('cancel-button')}>${t.cancel}</button>
        <button
          part="confirm-button"
          class="button danger"
          aria-disabled=${pending || !this.canManage ? 'true' : 'false'}
          aria-describedby=${this.canManage ? nothing : 'permission-note'}
          @click=${() => this.confirm()}
        >
          ${pending ? t.disconnecting : error ? t.tryAgain : t.disconnect}
        </button>`,
    );
  }
}
