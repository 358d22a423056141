import { AddChannelWizard } from './add-channel-wizard.js';

if (!customElements.get('add-channel-wizard')) customElements.define('add-channel-wizard', AddChannelWizard);

declare global {
  interface HTMLElementTagNameMap {
    'add-channel-wizard': AddChannelWizard;
  }
}
