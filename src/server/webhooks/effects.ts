import type { ChannelError } from '../../core/channel.js';
import type { MetaAccountChange } from '../rules/channel-rules.js';
import type { SignedRequest } from './signed-request.js';

/** What a call from Meta changes: the channels naming `ref` (see `StoredChannel.metaRefs`) undergo `change`. */
export interface MetaEffect {
  ref: string;
  change: MetaAccountChange;
  /** What the channel says afterwards, in plain words, with a stable code. */
  error: ChannelError;
  /** What makes this effect itself: the same call delivered again has the same key (a replay). */
  key: string;
}

/** What a channel says after each of Meta's calls. The codes are stable; the words are for people. */
export const META_CALL_ERRORS = {
  businessUninstalled: {
    code: 'removed_at_meta',
    message: 'The business removed this app at Meta. Reconnect the channel to receive its messages again.',
  },
  partnerRemoved: {
    code: 'removed_at_meta',
    message: 'The WhatsApp Business Account was disconnected from this app at Meta. Reconnect the channel to receive its messages again.',
  },
  partnerAppUninstalled: {
    code: 'removed_at_meta',
    message: 'The business uninstalled this app from its WhatsApp Business Account at Meta. Reconnect the channel to receive its messages again.',
  },
  deauthorized: {
    code: 'app_removed_by_user',
    message: 'The person who connected this channel removed the app from their Facebook account. Reauthorize it.',
  },
  dataDeleted: {
    code: 'data_deleted',
    message: 'The person who connected this channel asked Meta to delete their data, so its access was forgotten. Reauthorize it.',
  },
} as const satisfies Record<string, ChannelError>;

/** The deauthorize callback: the person removed the app, so the tokens they granted no longer work. */
export function deauthorizeEffect(request: SignedRequest): MetaEffect {
  return { ref: `user:${request.userId}`, change: 'token_revoked', error: META_CALL_ERRORS.deauthorized, key: JSON.stringify(['deauthorize', request.userId, request.issuedAt]) };
}

/** The data-deletion callback: the tokens the person granted are forgotten. */
export function dataDeletionEffect(request: SignedRequest): MetaEffect {
  return { ref: `user:${request.userId}`, change: 'data_deleted', error: META_CALL_ERRORS.dataDeleted, key: JSON.stringify(['data_deletion', request.userId, request.issuedAt]) };
}
