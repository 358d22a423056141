import type { ChannelStatus, ChannelType } from '../core/channel.js';
import type { StatusView } from '../core/channel-status.js';
import type { ChannelAction } from '../core/channel-status.js';
import type { Translation } from './translation.js';

/** Product names: the same in every language, so not in the catalogs. */
const CHANNEL_TYPE_NAMES: Record<Exclude<ChannelType, 'unknown'>, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  webchat: 'Webchat',
  line: 'LINE',
};

export function typeLabel(t: Translation, type: ChannelType): string {
  return type === 'unknown' ? t.typeUnknown : CHANNEL_TYPE_NAMES[type];
}

export function statusLabel(t: Translation, view: StatusView): string {
  const labels: Record<ChannelStatus, string> = {
    connected: t.statusConnected,
    expiring: t.statusExpiresInDays(view.daysLeft ?? 0),
    token_expired: t.statusTokenExpired,
    setup_incomplete: t.statusSetupIncomplete,
    disconnected: t.statusDisconnected,
    connecting: t.statusConnecting,
    unknown: t.statusUnknown,
  };
  return labels[view.status];
}

export function actionLabel(t: Translation, action: ChannelAction): string {
  const labels: Record<ChannelAction, string> = {
    disconnect: t.disconnect,
    reauthorize: t.reauthorize,
    reconnect: t.reconnect,
    setup: t.setupChecklist,
  };
  return labels[action];
}
