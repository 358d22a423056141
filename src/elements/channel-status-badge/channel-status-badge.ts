import { property } from 'lit/decorators/property.js';
import type { Channel } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, statusView } from '../../core/channel-status.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitBase } from '../base/channel-kit-base.js';
import { badgeStyles } from './channel-status-badge.styles.js';
import { statusBadge } from './status-badge-template.js';

/**
 * One channel status as text, icon and colour (never colour alone). A live token that runs out
 * within the window reads "Expires in N days".
 *
 * @csspart badge - The pill.
 * @csspart icon - The status icon.
 * @csspart label - The status text.
 * @cssprop --ck-status-ok - Text colour of Connected.
 * @cssprop --ck-status-ok-bg - Background of Connected.
 * @cssprop --ck-status-warning - Text colour of Expires in N days and Setup incomplete.
 * @cssprop --ck-status-warning-bg - Background of Expires in N days and Setup incomplete.
 * @cssprop --ck-status-danger - Text colour of Token expired.
 * @cssprop --ck-status-danger-bg - Background of Token expired.
 * @cssprop --ck-status-neutral - Text colour of Disconnected, Connecting and Unknown.
 * @cssprop --ck-status-neutral-bg - Background of Disconnected, Connecting and Unknown.
 * @cssprop --ck-badge-font-size - The badge's font size.
 */
export class ChannelStatusBadge extends ChannelKitBase {
  static override styles = [sharedStyles, badgeStyles];

  /** The channel whose status to show. */
  @property({ attribute: false }) channel?: Pick<Channel, 'status' | 'tokenExpiresAt'>;
  /** Alternatively, the status alone (`connected`, `token_expired`, …). */
  @property() status?: Channel['status'];
  /** With `status`: when the token expires (ISO 8601). */
  @property({ attribute: 'expires-at' }) expiresAt?: string;
  /** How many days before expiry "Expires in N days" shows. */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;

  override render() {
    const source = this.channel ?? { status: this.status ?? 'unknown', tokenExpiresAt: this.expiresAt ?? null };
    const view = statusView(source, Date.now(), this.expiryWindowDays);
    return statusBadge(this.localize.t, view);
  }
}

// It shows what it is given: no backend to warn about (development builds).
