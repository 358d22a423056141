import { AddChannelWizard } from './elements/add-channel-wizard/add-channel-wizard.js';
import { ChannelKitProvider } from './elements/channel-kit-provider/channel-kit-provider.js';
import { ChannelList } from './elements/channel-list/channel-list.js';
import { ChannelSettings } from './elements/channel-settings/channel-settings.js';
import { ChannelStatusBadge } from './elements/channel-status-badge/channel-status-badge.js';
import { DisconnectDialog } from './elements/disconnect-dialog/disconnect-dialog.js';
import { ReauthorizeDialog } from './elements/reauthorize-dialog/reauthorize-dialog.js';

/** Every element by its default tag name; the provider first, so consumers find it at once. */
const ELEMENTS: ReadonlyArray<[string, CustomElementConstructor]> = [
  ['channel-kit-provider', ChannelKitProvider],
  ['channel-status-badge', ChannelStatusBadge],
  ['channel-list', ChannelList],
  ['disconnect-dialog', DisconnectDialog],
  ['reauthorize-dialog', ReauthorizeDialog],
  ['add-channel-wizard', AddChannelWizard],
  ['channel-settings', ChannelSettings],
];

export interface DefineOptions {
  /** `acme` registers `acme-channel-list` and so on. */
  prefix?: string;
  /** A scoped registry, where the browser has them; the global one otherwise. */
  registry?: CustomElementRegistry;
}

/**
 * Registers every Channel Kit element. Safe to call twice, or from two copies of the SDK on one page:
 * a name that is taken is left as it is.
 */
export function define(options: DefineOptions = {}): void {
  const registry = options.registry ?? customElements;
  for (const [tag, element] of ELEMENTS) {
    const name = options.prefix ? `${options.prefix}-${tag}` : tag;
    if (registry.get(name)) continue;
    // A registry takes a class under one name only: each extra name gets its own subclass.
    const taken = ELEMENTS.some(([t]) => t !== name && registry.get(t) === element);
    registry.define(name, options.prefix || taken ? class extends (element as typeof HTMLElement) {} : element);
  }
}
