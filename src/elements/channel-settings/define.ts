// The wizard and the dialogs inside are registered by the page itself when first needed (or idle).
import '../channel-list/define.js';
import type {} from '../disconnect-dialog/define.js';
import type {} from '../reauthorize-dialog/define.js';
import type {} from '../add-channel-wizard/define.js';
import { ChannelSettings } from './channel-settings.js';

if (!customElements.get('channel-settings')) customElements.define('channel-settings', ChannelSettings);

declare global {
  interface HTMLElementTagNameMap {
    'channel-settings': ChannelSettings;
  }
}
