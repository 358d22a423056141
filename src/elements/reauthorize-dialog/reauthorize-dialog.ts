import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RequestController } from '../../controllers/request-controller.js';
import type { AuthorizableType } from '../../core/authorization.js';
import type { Channel } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, authorizedByMeta, statusView } from '../../core/channel-status.js';
import { ChannelKitError } from '../../core/errors.js';
import { ChannelDialogCloseEvent, ChannelReauthorizedEvent } from '../../events/channel-events.js';
import { reauthorizeAction, type PermissionRequest } from '../../permissions/policy.js';
import { typeLabel } from '../../i18n/labels.js';
import { runAuthorization } from '../../popup/run-authorization.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { wizardStyles } from '../add-channel-wizard/add-channel-wizard.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from '../base/error-panel.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';

/**
 * Scenario 3: refreshes an expired (or soon-expiring) token, or reconnects a disconnected channel,
 * through a new Meta authorization of the channel's *own* account. Another account is refused with a
 * clear message and nothing changes. The channel keeps its id, conversations and contacts.
 *
 * @fires channel-reauthorized - The token was refreshed (or the channel reconnected): `{ channel }`.
 * @fires channel-dialog-close-request - Cancel or Escape was pressed: `{ source }`. Cancelable: `preventDefault()` keeps it open. While the channel is being saved, the dialog refuses on its own, without asking.
 * @fires channel-dialog-close - The dialog closed: `{ completed, channel }`.
 * @csspart dialog - The native dialog.
 * @csspart error - The error's message, Troubleshooting link, support id and Try again.
 * @cssprop --ck-backdrop - The backdrop behind the dialog.
 */
export class ReauthorizeDialog extends ChannelKitDialog {
  static override styles = [sharedStyles, dialogStyles, badgeStyles, wizardStyles];

  /** The channel to reauthorize or reconnect. */
  @property({ attribute: false }) channel?: Channel;
  /** Where "Troubleshooting" links go; the error's reason is added as the fragment. */
  @property({ attribute: 'troubleshooting-url' }) troubleshootingUrl = DEFAULT_TROUBLESHOOTING_URL;
  /** How long to wait for the Meta window, in ms. */
  @property({ type: Number, attribute: 'authorization-timeout' }) authorizationTimeout = 10 * 60_000;
  /** How many days before expiry counts as "expiring". */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;
  /** Replaces `window.open` (a host shell that opens windows its own way). */
  @property({ attribute: false }) openWindow?: typeof window.open;

  /** The channel as it was when the dialog opened (its status says why it is here). */
  @state() private original: Channel | null = null;
  /** Whether the flow, once Meta answered, is saving the new token. */
  @state() private saving = false;
  /** The Meta authorization, then the save: its value is the updated channel (none when the person closed Meta's window). */
  private readonly flow = new RequestController<Channel | undefined>(this);

  /**
   * Opens for `channel`. Returns false, and opens nothing, when the policy refuses to reauthorize it
   * (to connect it again, when it is disconnected) or for a channel Meta does not authorize (Webchat).
   */
  override show(channel?: Channel): boolean {
    channel ??= this.channel;
    if (!channel || !authorizedByMeta(channel) || !this.openFor({ action: reauthorizeAction(channel), channel })) return false;
    this.channel = this.original = channel;
    this.flow.abort();
    return true;
  }

  protected override get permissionRequest(): PermissionRequest {
    return this.original ? { action: reauthorizeAction(this.original), channel: this.original } : { action: 'reauthorize' };
  }

  /** While the channel is being saved, Cancel and Escape would hide its outcome: the person waits a moment. */
  protected override get holdsOpen(): boolean {
    return this.flow.pending && this.saving;
  }

  /**
   * Runs the authorization for this channel's account. Call it from a click handler: the Meta window
   * opens before anything is awaited. The permission gate holds here too.
   */
  reauthorize(): void {
    const backend = this.activeBackend;
    const channel = this.original;
    if (!backend || !channel || this.flow.pending || this.refused()) return;
    this.saving = false;
    void this.flow
      .run(async (signal) => {
        const outcome = await runAuthorization({
          backend,
          input: { channelType: channel.type as AuthorizableType, mode: 'reauthorize', channelId: channel.id },
          signal,
          timeoutMs: this.authorizationTimeout,
          openWindow: this.openWindow,
        });
        signal.throwIfAborted();
        // Closed by the person: back to the start, no error.
        if (outcome.kind === 'cancelled') return undefined;
        const own = outcome.result.accounts.find((account) => account.id === channel.accountId);
        if (!own) throw new ChannelKitError('conflict', 'You authorized a different account.', { code: 'different_account' });
        this.saving = true;
        const updated = await backend.reauthorize({ channelId: channel.id, sessionId: outcome.result.sessionId, accountId: own.id }, signal);
        signal.throwIfAborted();
        return (this.channel = updated);
      })
      .then((updated) => {
        if (!updated) return;
        this.dispatchEvent(new ChannelReauthorizedEvent(updated));
        return this.focusAfterUpdate('.done-button');
      });
  }

  protected afterClose(): void {
    const completed = !!this.flow.value;
    // Stops waiting for Meta (its window closes with the flow).
    this.flow.abort();
    this.dispatchEvent(new ChannelDialogCloseEvent(completed, this.channel ?? null));
  }

  override render() {
    const channel = this.original;
    const t = this.localize.t;
    const reconnect = channel?.status === 'disconnected';
    if (!channel) return this.renderDialog(t.reauthorize, nothing);
    const heading = reconnect ? t.reconnectTitle(channel.name) : t.reauthorizeTitle(channel.name);
    return this.flow.value ? this.renderDone(heading, reconnect) : this.renderIntro(heading, channel);
  }

  private renderIntro(heading: string, channel: Channel) {
    const t = this.localize.t;
    const view = statusView(channel, Date.now(), this.expiryWindowDays);
    const why =
      view.status === 'disconnected' ? t.reauthorizeWhyDisconnected
      : view.status === 'token_expired' ? t.reauthorizeWhyExpired
      : view.status === 'expiring' ? t.reauthorizeWhyExpiring(view.daysLeft ?? 0)
      : t.reauthorizeWhyRefresh;
    const { pending, error } = this.flow;
    const saving = this.holdsOpen;
    return this.renderDialog(
      heading,
      html`<p class="result-row">${statusBadge(t, view)} <span class="account">${channel.accountId}</span> <span class="muted">${typeLabel(t, channel.type)}</span></p>
        <p>${why}</p>
        <p>${t.reauthorizeSameAccount(channel.name)}</p>
        ${this.renderPermissionNote(this.troubleshootingUrl)}
        ${pending && !saving ? this.renderWaitingForMeta() : nothing}
        ${saving ? html`<p role="status" class="waiting">${t.connecting}</p>` : nothing}
        ${error ? errorPanel(t, error, this.troubleshootingUrl, () => this.reauthorize()) : nothing}`,
      html`<button class="button" ?disabled=${saving} @click=${() => this.askToClose('cancel-button')}>${t.cancel}</button>
        <button
          class="button primary"
          aria-disabled=${pending || !this.canManage ? 'true' : 'false'}
          aria-describedby=${this.canManage ? nothing : 'permission-note'}
          @click=${() => this.reauthorize()}
        >
          ${t.continueWithMeta}
        </button>`,
    );
  }

  private renderDone(heading: string, reconnected: boolean) {
    const t = this.localize.t;
    const channel = this.channel!;
    return this.renderDialog(
      heading,
      html`<p role="status">${reconnected ? t.reconnected : t.reauthorized}</p>
        <p class="result-row">${statusBadge(t, statusView(channel, Date.now(), this.expiryWindowDays))}</p>
        ${channel.tokenExpiresAt ? html`<p>${t.newExpiry(this.localize.date(channel.tokenExpiresAt))}</p>` : nothing}`,
      html`<button class="button primary done-button" @click=${() => this.close()}>${t.done}</button>`,
    );
  }
}
