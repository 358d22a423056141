import '../channel-list/define.js';
import '../disconnect-dialog/define.js';
import '../reauthorize-dialog/define.js';
import '../add-channel-wizard/define.js';
import { ChannelSettings } from './channel-settings.js';

if (!customElements.get('channel-settings')) customElements.define('channel-settings', ChannelSettings);

declare global {
  interface HTMLElementTagNameMap {
    'channel-settings': ChannelSettings;
  }
}
