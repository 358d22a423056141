import { ReauthorizeDialog } from './reauthorize-dialog.js';

if (!customElements.get('reauthorize-dialog')) customElements.define('reauthorize-dialog', ReauthorizeDialog);

declare global {
  interface HTMLElementTagNameMap {
    'reauthorize-dialog': ReauthorizeDialog;
  }
}
