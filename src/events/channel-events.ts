import type { Channel } from '../core/channel.js';
import type { ChannelKitError } from '../core/errors.js';

export type { ChannelAction } from '../core/channel-status.js';
import type { ChannelAction } from '../core/channel-status.js';

/**
 * A row's Edit menu item was chosen. `<channel-settings>` opens the matching dialog, unless a host
 * listening above it calls `preventDefault()` (to refuse the action, or to run its own flow).
 */
export class ChannelActionEvent extends Event {
  static readonly type = 'channel-action';
  constructor(
    readonly action: ChannelAction,
    readonly channel: Channel,
  ) {
    super(ChannelActionEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * The user asked to add a channel (the "Add Channel" button, or the empty state's). In
 * `<channel-settings>` it is cancelable: `preventDefault()` keeps the built-in wizard closed.
 */
export class ChannelAddRequestEvent extends Event {
  static readonly type = 'channel-add-request';
  constructor() {
    super(ChannelAddRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired before the disconnect call; `preventDefault()` stops it (the dialog stays as it was). */
export class ChannelDisconnectRequestEvent extends Event {
  static readonly type = 'channel-disconnect-request';
  constructor(readonly channel: Channel) {
    super(ChannelDisconnectRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** The channel is disconnected (it stays in the list, with its history). */
export class ChannelDisconnectedEvent extends Event {
  static readonly type = 'channel-disconnected';
  constructor(readonly channel: Channel) {
    super(ChannelDisconnectedEvent.type, { bubbles: true, composed: true });
  }
}

/** A channel was connected (or a Webchat channel created). */
export class ChannelConnectedEvent extends Event {
  static readonly type = 'channel-connected';
  constructor(readonly channel: Channel) {
    super(ChannelConnectedEvent.type, { bubbles: true, composed: true });
  }
}

/** A step of connecting failed; the wizard shows it and offers Try again. */
export class ChannelConnectErrorEvent extends Event {
  static readonly type = 'channel-connect-error';
  constructor(readonly error: unknown) {
    super(ChannelConnectErrorEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * Any failure an element met — loading the list, asking who the viewer is, connecting, disconnecting,
 * reauthorizing, checking the setup — as the `ChannelKitError` (kind, reason, status): for the host
 * to act on (sign in again on `unauthenticated`, refresh a token, report it). The element shows the
 * failure itself too, with Try again. A request superseded or aborted is not a failure.
 */
export class ChannelErrorEvent extends Event {
  static readonly type = 'channel-error';
  constructor(readonly error: ChannelKitError) {
    super(ChannelErrorEvent.type, { bubbles: true, composed: true });
  }
}

/** The token was refreshed, or a disconnected channel reconnected. */
export class ChannelReauthorizedEvent extends Event {
  static readonly type = 'channel-reauthorized';
  constructor(readonly channel: Channel) {
    super(ChannelReauthorizedEvent.type, { bubbles: true, composed: true });
  }
}

/** The list's channels changed (loaded, refreshed, or one updated). Does not bubble. */
export class ChannelListChangeEvent extends Event {
  static readonly type = 'channel-list-change';
  constructor(readonly channels: readonly Channel[]) {
    super(ChannelListChangeEvent.type);
  }
}

/** A Channel Kit dialog closed; `completed` says whether its action went through. */
export class ChannelDialogCloseEvent extends Event {
  static readonly type = 'channel-dialog-close';
  constructor(
    readonly completed: boolean,
    readonly channel: Channel | null,
  ) {
    super(ChannelDialogCloseEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * A person asked a Channel Kit dialog to close (its ✕, its Cancel button, Escape). Cancelable:
 * `preventDefault()` keeps the dialog open. An Escape the browser will not let the page refuse (a
 * second one in a row, with no click or key press between) fires it with `cancelable` false.
 */
export class ChannelDialogCloseRequestEvent extends Event {
  static readonly type = 'channel-dialog-close-request';
  constructor(
    /** What asked: the dialog's ✕, its Cancel button, or the Escape key. */
    readonly source: 'close-button' | 'cancel-button' | 'keyboard',
    cancelable = true,
  ) {
    super(ChannelDialogCloseRequestEvent.type, { bubbles: true, composed: true, cancelable });
  }
}

/** What asked a Channel Kit dialog to close: its ✕, its Cancel button, or the Escape key. */
export type DialogCloseSource = ChannelDialogCloseRequestEvent['source'];

declare global {
  interface GlobalEventHandlersEventMap {
    'channel-action': ChannelActionEvent;
    'channel-add-request': ChannelAddRequestEvent;
    'channel-disconnect-request': ChannelDisconnectRequestEvent;
    'channel-disconnected': ChannelDisconnectedEvent;
    'channel-dialog-close': ChannelDialogCloseEvent;
    'channel-dialog-close-request': ChannelDialogCloseRequestEvent;
    'channel-connected': ChannelConnectedEvent;
    'channel-connect-error': ChannelConnectErrorEvent;
    'channel-error': ChannelErrorEvent;
    'channel-reauthorized': ChannelReauthorizedEvent;
    'channel-list-change': ChannelListChangeEvent;
  }
}
