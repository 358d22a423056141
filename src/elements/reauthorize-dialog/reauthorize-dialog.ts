import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AuthorizableType } from '../../core/authorization.js';
import type { Channel } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, authorizedByMeta, statusView } from '../../core/channel-status.js';
import { ChannelKitError } from '../../core/errors.js';
import { ChannelDialogCloseEvent, ChannelReauthorizedEvent } from '../../events/channel-events.js';
import { typeLabel } from '../../i18n/labels.js';
import { runAuthorization } from '../../popup/run-authorization.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { wizardStyles } from '../add-channel-wizard/add-channel-wizard.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from '../base/error-panel.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';

type Stage = 'intro' | 'waiting' | 'saving' | 'done';

/**
 * Scenario 3: refreshes an expired (or soon-expiring) token, or reconnects a disconnected channel,
 * through a new Meta authorization of the channel's *own* account. Another account is refused with a
 * clear message and nothing changes. The channel keeps its id, conversations and contacts.
 *
 * @fires channel-reauthorized - The token was refreshed (or the channel reconnected): `{ channel }`.
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

  @state() private stage: Stage = 'intro';
  @state() private error: unknown = null;
  @state() private original: Channel | null = null;
  private flow?: AbortController;

  /**
   * Opens for `channel`. Returns false, and opens nothing, for a viewer who may not manage channels
   * or for a channel Meta does not authorize (Webchat).
   */
  show(channel?: Channel): boolean {
    const target = channel ?? this.channel;
    if (!this.canManage || !target || !authorizedByMeta(target)) return false;
    this.channel = target;
    this.flow?.abort();
    this.original = this.channel;
    this.stage = 'intro';
    this.error = null;
    this.open = true;
    return true;
  }

  close(): void {
    this.flow?.abort();
    this.open = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.flow?.abort();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (changed.has('stage') && this.stage === 'done') {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.done-button')?.focus());
    }
  }

  /**
   * Runs the authorization for this channel's account. Call it from a click handler: the Meta window
   * opens before anything is awaited. The permission gate holds here too.
   */
  reauthorize(): void {
    const backend = this.activeBackend;
    const channel = this.original;
    if (!backend || !channel || this.stage === 'waiting' || this.stage === 'saving') return;
    if (this.refused((error) => (this.error = error))) return;
    this.flow?.abort();
    const flow = (this.flow = new AbortController());
    this.error = null;
    this.stage = 'waiting';
    runAuthorization({
      backend,
      input: { channelType: channel.type as AuthorizableType, mode: 'reauthorize', channelId: channel.id },
      signal: flow.signal,
      timeoutMs: this.authorizationTimeout,
      openWindow: this.openWindow,
    })
      .then(async (outcome) => {
        if (flow.signal.aborted) return;
        // Closed by the person: back to the start, no error.
        if (outcome.kind === 'cancelled') return void (this.stage = 'intro');
        const own = outcome.result.accounts.find((account) => account.id === channel.accountId);
        if (!own) throw new ChannelKitError('conflict', 'You authorized a different account.', { code: 'different_account' });
        this.stage = 'saving';
        const updated = await backend.reauthorize({ channelId: channel.id, sessionId: outcome.result.sessionId, accountId: own.id }, flow.signal);
        if (flow.signal.aborted) return;
        this.channel = updated;
        this.stage = 'done';
        this.dispatchEvent(new ChannelReauthorizedEvent(updated));
      })
      .catch((error: unknown) => {
        if (flow.signal.aborted) return;
        this.error = error;
        this.stage = 'intro';
      });
  }

  private onCancel(event: Event): void {
    // Escape while the channel is being saved would hide its outcome; the person waits a moment.
    if (this.stage === 'saving') event.preventDefault();
  }

  protected afterClose(): void {
    this.flow?.abort();
    this.dispatchEvent(new ChannelDialogCloseEvent(this.stage === 'done', this.channel ?? null));
  }

  override render() {
    const channel = this.original;
    const t = this.localize.t;
    const reconnect = channel?.status === 'disconnected';
    return html`<dialog part="dialog" aria-labelledby="title" @cancel=${this.onCancel} @close=${this.onDialogClose}>
      ${channel
        ? html`<h2 id="title">${reconnect ? t.reconnectTitle(channel.name) : t.reauthorizeTitle(channel.name)}</h2>
            ${this.stage === 'done' ? this.renderDone(reconnect) : this.renderIntro(channel)}`
        : html`<h2 id="title">${t.reauthorize}</h2>`}
    </dialog>`;
  }

  private renderIntro(channel: Channel) {
    const t = this.localize.t;
    const view = statusView(channel, Date.now(), this.expiryWindowDays);
    const why =
      view.status === 'disconnected' ? t.reauthorizeWhyDisconnected
      : view.status === 'token_expired' ? t.reauthorizeWhyExpired
      : view.status === 'expiring' ? t.reauthorizeWhyExpiring(view.daysLeft ?? 0)
      : t.reauthorizeWhyRefresh;
    const busy = this.stage === 'waiting' || this.stage === 'saving';
    return html`
      <p class="result-row">${statusBadge(t, view)} <span class="account">${channel.accountId}</span> <span class="muted">${typeLabel(t, channel.type)}</span></p>
      <p>${why}</p>
      <p>${t.reauthorizeSameAccount(channel.name)}</p>
      ${this.renderPermissionNote(this.troubleshootingUrl)}
      ${this.stage === 'waiting' ? this.renderWaitingForMeta() : nothing}
      ${this.stage === 'saving' ? html`<p role="status" class="waiting">${t.connecting}</p>` : nothing}
      ${this.error ? errorPanel(t, this.error, this.troubleshootingUrl, () => this.reauthorize()) : nothing}
      <div class="footer">
        <button class="button" ?disabled=${this.stage === 'saving'} @click=${() => this.close()}>${t.cancel}</button>
        <button
          class="button primary"
          aria-disabled=${busy || !this.canManage ? 'true' : 'false'}
          aria-describedby=${this.canManage ? nothing : 'permission-note'}
          @click=${() => this.reauthorize()}
        >
          ${t.continueWithMeta}
        </button>
      </div>
    `;
  }

  private renderDone(reconnected: boolean) {
    const t = this.localize.t;
    const channel = this.channel!;
    return html`
      <p role="status">${reconnected ? t.reconnected : t.reauthorized}</p>
      <p class="result-row">${statusBadge(t, statusView(channel, Date.now(), this.expiryWindowDays))}</p>
      ${channel.tokenExpiresAt ? html`<p>${t.newExpiry(this.localize.date(channel.tokenExpiresAt))}</p>` : nothing}
      <div class="footer"><button class="button primary done-button" @click=${() => this.close()}>${t.done}</button></div>
    `;
  }
}
