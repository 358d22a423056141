// React components for every Channel Kit element (through @lit/react): typed props, and a typed
// callback for every event the element fires (`onChannelConnected`, …). The callbacks come from
// `element-events.ts`, generated from custom-elements.json, so they follow the elements' `@fires`
// lines. Importing this module registers the default tag names.
import { createComponent } from '@lit/react';
import * as React from 'react';
import '../define.js';
import { AddChannelWizard as AddChannelWizardElement } from '../elements/add-channel-wizard/add-channel-wizard.js';
import { ChannelKitProvider as ChannelKitProviderElement } from '../elements/channel-kit-provider/channel-kit-provider.js';
import { ChannelList as ChannelListElement } from '../elements/channel-list/channel-list.js';
import { ChannelSettings as ChannelSettingsElement } from '../elements/channel-settings/channel-settings.js';
import { ChannelStatusBadge as ChannelStatusBadgeElement } from '../elements/channel-status-badge/channel-status-badge.js';
import { DisconnectDialog as DisconnectDialogElement } from '../elements/disconnect-dialog/disconnect-dialog.js';
import { ReauthorizeDialog as ReauthorizeDialogElement } from '../elements/reauthorize-dialog/reauthorize-dialog.js';
import { elementEvents } from './element-events.js';

export { elementEvents };

export const ChannelKitProvider = createComponent({
  react: React,
  tagName: 'channel-kit-provider',
  elementClass: ChannelKitProviderElement,
  events: elementEvents['channel-kit-provider'],
});

export const ChannelSettings = createComponent({
  react: React,
  tagName: 'channel-settings',
  elementClass: ChannelSettingsElement,
  events: elementEvents['channel-settings'],
});

export const ChannelList = createComponent({
  react: React,
  tagName: 'channel-list',
  elementClass: ChannelListElement,
  events: elementEvents['channel-list'],
});

export const ChannelStatusBadge = createComponent({
  react: React,
  tagName: 'channel-status-badge',
  elementClass: ChannelStatusBadgeElement,
  events: elementEvents['channel-status-badge'],
});

export const AddChannelWizard = createComponent({
  react: React,
  tagName: 'add-channel-wizard',
  elementClass: AddChannelWizardElement,
  events: elementEvents['add-channel-wizard'],
});

export const DisconnectDialog = createComponent({
  react: React,
  tagName: 'disconnect-dialog',
  elementClass: DisconnectDialogElement,
  events: elementEvents['disconnect-dialog'],
});

export const ReauthorizeDialog = createComponent({
  react: React,
  tagName: 'reauthorize-dialog',
  elementClass: ReauthorizeDialogElement,
  events: elementEvents['reauthorize-dialog'],
});
