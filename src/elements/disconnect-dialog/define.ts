import { DisconnectDialog } from './disconnect-dialog.js';

if (!customElements.get('disconnect-dialog')) customElements.define('disconnect-dialog', DisconnectDialog);

declare global {
  interface HTMLElementTagNameMap {
    'disconnect-dialog': DisconnectDialog;
  }
}
