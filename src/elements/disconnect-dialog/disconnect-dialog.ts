import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Channel } from '../../core/channel.js';
import { ChannelDialogCloseEvent, ChannelDisconnectRequestEvent, ChannelDisconnectedEvent } from '../../events/channel-events.js';
import { describeError } from '../../i18n/error-message.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';

type Stage = 'confirm' | 'working' | 'done' | 'failed';

/**
 * Scenario 2: says what disconnecting means before the user confirms — no more messages, the
 * conversations and contacts are kept, the channel cannot be deleted and stays as "Disconnected" —
 * then disconnects and confirms it on screen. A failure leaves the channel as it was, with Try again.
 *
 * @fires channel-disconnect-request - Before the call; cancelable: `preventDefault()` stops it.
 * @fires channel-disconnected - The channel was disconnected: `{ channel }`.
 * @fires channel-dialog-close - The dialog closed: `{ completed, channel }`.
 * @csspart dialog - The native dialog.
 * @csspart consequences - The list of what disconnecting means.
 * @csspart confirm-button - The Disconnect (or Try again) button.
 * @csspart cancel-button - The Cancel button.
 * @csspart error - The error message.
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
  @state() private stage: Stage = 'confirm';
  @state() private error: unknown = null;
  private request?: AbortController;
  private result: Channel | null = null;

  /** Opens the dialog, for `channel` if given. */
  show(channel?: Channel): void {
    if (channel) this.channel = channel;
    this.stage = 'confirm';
    this.error = null;
    this.result = null;
    this.open = true;
  }

  close(): void {
    this.open = false;
  }

  /**
   * Disconnects the channel. The permission gate holds here too: a viewer who may not manage gets a
   * `permission` error and no request is sent. A second call while one is running does nothing.
   */
  async confirm(): Promise<Channel | undefined> {
    const channel = this.channel;
    const backend = this.activeBackend;
    if (this.stage === 'working' || !channel || !backend) return undefined;
    if (this.refused((error) => this.fail(error))) return undefined;
    if (!this.dispatchEvent(new ChannelDisconnectRequestEvent(channel))) return undefined;
    this.stage = 'working';
    this.error = null;
    const request = (this.request = new AbortController());
    try {
      // "Disconnecting…" paints first; the request, and the list's update when it answers, come a
      // task later (a backend that answers at once would otherwise hold the click's frame).
      await new Promise((resolve) => setTimeout(resolve));
      if (request !== this.request) return undefined;
      const disconnected = await backend.disconnect(channel.id, request.signal);
      if (request !== this.request) return undefined;
      this.channel = disconnected;
      this.result = disconnected;
      this.stage = 'done';
      this.dispatchEvent(new ChannelDisconnectedEvent(disconnected));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('.close')?.focus();
      return disconnected;
    } catch (error) {
      if (request === this.request) this.fail(error);
      return undefined;
    } finally {
      if (request === this.request) this.request = undefined;
    }
  }

  private fail(error: unknown): void {
    this.error = error;
    this.stage = 'failed';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
    this.request = undefined;
  }

  private onCancel(event: Event): void {
    // Escape while the request runs would hide its outcome; the user waits a moment instead.
    if (this.stage === 'working') event.preventDefault();
  }

  protected afterClose(): void {
    this.dispatchEvent(new ChannelDialogCloseEvent(this.result !== null, this.result ?? this.channel ?? null));
  }

  override render() {
    const name = this.channel?.name ?? '';
    return html`<dialog part="dialog" aria-labelledby="title" @cancel=${this.onCancel} @close=${this.onDialogClose}>
      ${this.stage === 'done' ? this.renderDone(name) : this.renderConfirm(name)}
    </dialog>`;
  }

  private renderConfirm(name: string) {
    const t = this.localize.t;
    const working = this.stage === 'working';
    const described = this.error ? describeError(t, this.error) : null;
    return html`
      <h2 id="title">${t.disconnectTitle(name)}</h2>
      <ul part="consequences">
        <li>${t.disconnectNoMessages}</li>
        <li>${t.disconnectKept}</li>
        <li>${t.disconnectNoDelete}</li>
      </ul>
      ${this.renderPermissionNote()}
      ${described
        ? html`<div part="error" role="alert" class="alert">
            <p>${described.message}</p>
            ${described.supportId ? html`<p class="support-id">${t.supportId(described.supportId)}</p>` : nothing}
          </div>`
        : nothing}
      <div class="footer">
        <button part="cancel-button" class="button" autofocus ?disabled=${working} @click=${this.close}>${t.cancel}</button>
        <button
          part="confirm-button"
          class="button danger"
          aria-disabled=${working || !this.canManage ? 'true' : 'false'}
          aria-describedby=${this.canManage ? nothing : 'permission-note'}
          @click=${() => this.confirm()}
        >
          ${working ? t.disconnecting : this.stage === 'failed' ? t.tryAgain : t.disconnect}
        </button>
      </div>
    `;
  }

  private renderDone(name: string) {
    const t = this.localize.t;
    return html`
      <h2 id="title">${t.statusDisconnected}</h2>
      <p role="status">${t.disconnectDone(name)}</p>
      <div class="footer"><button class="button primary close" @click=${this.close}>${t.close}</button></div>
    `;
  }
}
