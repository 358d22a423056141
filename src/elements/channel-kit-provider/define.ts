import { ChannelKitProvider } from './channel-kit-provider.js';

if (!customElements.get('channel-kit-provider')) customElements.define('channel-kit-provider', ChannelKitProvider);

declare global {
  interface HTMLElementTagNameMap {
    'channel-kit-provider': ChannelKitProvider;
  }
}
