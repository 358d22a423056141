import { ChannelStatusBadge } from './channel-status-badge.js';

if (!customElements.get('channel-status-badge')) customElements.define('channel-status-badge', ChannelStatusBadge);

declare global {
  interface HTMLElementTagNameMap {
    'channel-status-badge': ChannelStatusBadge;
  }
}
