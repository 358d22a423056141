import { ChannelList } from './channel-list.js';

if (!customElements.get('channel-list')) customElements.define('channel-list', ChannelList);

declare global {
  interface HTMLElementTagNameMap {
    'channel-list': ChannelList;
  }
}
