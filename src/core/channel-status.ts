import { isManageable, type Channel, type ChannelStatus } from './channel.js';

const DAY = 86_400_000;
export const DEFAULT_EXPIRY_WINDOW_DAYS = 7;

export interface StatusView {
  status: ChannelStatus;
  /** For `expiring`: whole days left, rounded up (0 on the last day). */
  daysLeft?: number;
}

/**
 * The status the user should see now: a live channel whose token runs out within the window is
 * `expiring`, one whose token has run out is `token_expired`, whatever the backend last said.
 */
export function statusView(
  channel: Pick<Channel, 'status' | 'tokenExpiresAt'>,
  now = Date.now(),
  windowDays = DEFAULT_EXPIRY_WINDOW_DAYS,
): StatusView {
  const live = channel.status === 'connected' || channel.status === 'expiring';
  const expires = channel.tokenExpiresAt ? Date.parse(channel.tokenExpiresAt) : NaN;
  if (!live || Number.isNaN(expires)) return { status: channel.status };
  if (expires <= now) return { status: 'token_expired' };
  const daysLeft = Math.ceil((expires - now) / DAY) - (expires - now < DAY ? 1 : 0);
  if (channel.status === 'expiring' || expires - now <= windowDays * DAY) return { status: 'expiring', daysLeft };
  return { status: 'connected' };
}

export type ChannelAction = 'disconnect' | 'reauthorize' | 'reconnect' | 'setup';

const ACTIONS: Record<ChannelStatus, ChannelAction[]> = {
  connected: ['reauthorize', 'disconnect'],
  expiring: ['reauthorize', 'disconnect'],
  token_expired: ['reauthorize', 'disconnect'],
  setup_incomplete: ['setup', 'disconnect'],
  disconnected: ['reconnect'],
  connecting: [],
  unknown: [],
};

/** Whether Meta authorizes the channel: a Webchat has no token to reauthorize and no account to reconnect. */
export function authorizedByMeta(channel: Pick<Channel, 'type'>): boolean {
  return channel.type === 'facebook' || channel.type === 'instagram' || channel.type === 'whatsapp';
}

/** What a manager may do with a channel in this status. There is no delete, ever. */
export function actionsFor(channel: Channel, view: StatusView = statusView(channel)): ChannelAction[] {
  if (!isManageable(channel)) return [];
  const actions = ACTIONS[view.status];
  return authorizedByMeta(channel) ? actions : actions.filter((action) => action !== 'reauthorize' && action !== 'reconnect');
}

/** Channels whose token needs a new authorization soon or now (for the banner). */
export function needsReauthorization(channel: Channel, now = Date.now(), windowDays = DEFAULT_EXPIRY_WINDOW_DAYS): boolean {
  const { status } = statusView(channel, now, windowDays);
  return authorizedByMeta(channel) && (status === 'token_expired' || status === 'expiring');
}
