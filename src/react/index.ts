// React components for every Channel Kit element (through @lit/react): typed props, and typed event
// callbacks (`onChannelConnected`, …). Importing this module registers the default tag names.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import '../define.js';
import { AddChannelWizard as AddChannelWizardElement } from '../elements/add-channel-wizard/add-channel-wizard.js';
import { ChannelKitProvider as ChannelKitProviderElement } from '../elements/channel-kit-provider/channel-kit-provider.js';
import { ChannelList as ChannelListElement } from '../elements/channel-list/channel-list.js';
import { ChannelSettings as ChannelSettingsElement } from '../elements/channel-settings/channel-settings.js';
import { ChannelStatusBadge as ChannelStatusBadgeElement } from '../elements/channel-status-badge/channel-status-badge.js';
import { DisconnectDialog as DisconnectDialogElement } from '../elements/disconnect-dialog/disconnect-dialog.js';
import { ReauthorizeDialog as ReauthorizeDialogElement } from '../elements/reauthorize-dialog/reauthorize-dialog.js';
import type {
  ChannelActionEvent,
  ChannelAddRequestEvent,
  ChannelConnectErrorEvent,
  ChannelConnectedEvent,
  ChannelDialogCloseEvent,
  ChannelDisconnectRequestEvent,
  ChannelDisconnectedEvent,
  ChannelListChangeEvent,
  ChannelReauthorizedEvent,
} from '../events/channel-events.js';

const dialogClose = 'channel-dialog-close' as EventName<ChannelDialogCloseEvent>;

export const ChannelKitProvider = createComponent({
  react: React,
  tagName: 'channel-kit-provider',
  elementClass: ChannelKitProviderElement,
});

export const ChannelSettings = createComponent({
  react: React,
  tagName: 'channel-settings',
  elementClass: ChannelSettingsElement,
  events: {
    onChannelAddRequest: 'channel-add-request' as EventName<ChannelAddRequestEvent>,
    onChannelConnected: 'channel-connected' as EventName<ChannelConnectedEvent>,
    onChannelDisconnected: 'channel-disconnected' as EventName<ChannelDisconnectedEvent>,
    onChannelReauthorized: 'channel-reauthorized' as EventName<ChannelReauthorizedEvent>,
  },
});

export const ChannelList = createComponent({
  react: React,
  tagName: 'channel-list',
  elementClass: ChannelListElement,
  events: {
    onChannelAction: 'channel-action' as EventName<ChannelActionEvent>,
    onChannelAddRequest: 'channel-add-request' as EventName<ChannelAddRequestEvent>,
    onChannelListChange: 'channel-list-change' as EventName<ChannelListChangeEvent>,
  },
});

export const ChannelStatusBadge = createComponent({
  react: React,
  tagName: 'channel-status-badge',
  elementClass: ChannelStatusBadgeElement,
});

export const AddChannelWizard = createComponent({
  react: React,
  tagName: 'add-channel-wizard',
  elementClass: AddChannelWizardElement,
  events: {
    onChannelConnected: 'channel-connected' as EventName<ChannelConnectedEvent>,
    onChannelConnectError: 'channel-connect-error' as EventName<ChannelConnectErrorEvent>,
    onChannelDialogClose: dialogClose,
  },
});

export const DisconnectDialog = createComponent({
  react: React,
  tagName: 'disconnect-dialog',
  elementClass: DisconnectDialogElement,
  events: {
    onChannelDisconnectRequest: 'channel-disconnect-request' as EventName<ChannelDisconnectRequestEvent>,
    onChannelDisconnected: 'channel-disconnected' as EventName<ChannelDisconnectedEvent>,
    onChannelDialogClose: dialogClose,
  },
});

export const ReauthorizeDialog = createComponent({
  react: React,
  tagName: 'reauthorize-dialog',
  elementClass: ReauthorizeDialogElement,
  events: {
    onChannelReauthorized: 'channel-reauthorized' as EventName<ChannelReauthorizedEvent>,
    onChannelDialogClose: dialogClose,
  },
});
