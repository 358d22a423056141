import { ChannelKitError } from '../../core/errors.js';
import type { ChannelError, SetupCheck } from '../../core/channel.js';
import type { MetaAsset } from '../meta/meta-client.js';
import type { NewChannel, StoredChannel } from '../store/channel-store.js';

const MANAGEABLE_TYPES: ReadonlySet<string> = new Set(['facebook', 'instagram', 'whatsapp', 'webchat']);
const KNOWN_STATUSES: ReadonlySet<string> = new Set(['connected', 'expiring', 'token_expired', 'setup_incomplete', 'disconnected', 'connecting']);
const LIVE_STATUSES: ReadonlySet<string> = new Set(['connected', 'expiring', 'setup_incomplete']);

const iso = (ms: number) => new Date(ms).toISOString();

/** The status to report now: a live channel whose token has run out is `token_expired`, whatever was stored. */
export function statusNow(channel: Pick<StoredChannel, 'status' | 'tokenExpiresAt'>, now: number): string {
  if (!LIVE_STATUSES.has(channel.status) || !channel.tokenExpiresAt) return channel.status;
  return Date.parse(channel.tokenExpiresAt) <= now ? 'token_expired' : channel.status;
}

/** LINE, unknown types and unknown statuses are read-only here: managed elsewhere. */
export function requireManageable(channel: StoredChannel): void {
  if (!MANAGEABLE_TYPES.has(channel.type) || !KNOWN_STATUSES.has(channel.status)) {
    throw new ChannelKitError('conflict', 'This channel is managed elsewhere.', { status: 409, code: 'not_manageable' });
  }
}

/**
 * Disconnecting never deletes: the row stays, `disconnected`, its history kept. Twice is harmless.
 * It completes here even when Meta's side could not be told (`metaFailure`), and says so on the row.
 */
export function disconnected(channel: StoredChannel, now: number, metaFailure?: ChannelError): StoredChannel | undefined {
  requireManageable(channel);
  if (channel.status === 'disconnected') return undefined;
  return { ...channel, status: 'disconnected', disconnectedAt: iso(now), ...(metaFailure ? { lastError: metaFailure } : {}) };
}

/** What a disconnected channel says when Meta could not be told to stop delivering to the app. */
export const META_UNREACHABLE = 'meta_unreachable';

/** Page-based channels need the after-connect routing setup; WhatsApp does not. */
export function setupChecksFor(asset: MetaAsset): SetupCheck[] {
  if (asset.type === 'whatsapp') return [];
  const routing = asset.routingConfigured ? 'verified' : 'not_verified';
  return [
    { id: 'default_routing_app', state: routing, applies: true },
    { id: 'connected_app', state: 'verified', applies: true },
    { id: 'handover_primary_receiver', state: routing, applies: asset.usesHandoverProtocol === true },
  ];
}

function liveStatus(checks: SetupCheck[]): 'connected' | 'setup_incomplete' {
  return checks.some((c) => c.applies && c.state === 'not_verified') ? 'setup_incomplete' : 'connected';
}

export interface Authorized {
  asset: MetaAsset;
  sealedToken: string;
  tokenExpiresAt: string | null;
  now: number;
}

/** A newly connected account, or (when the workspace had it before) the same channel back, history kept. */
export function connected(previous: StoredChannel | null, fresh: { workspaceId: string; id: string }, grant: Authorized): NewChannel {
  const { asset } = grant;
  const setupChecks = setupChecksFor(asset);
  return {
    workspaceId: fresh.workspaceId,
    id: previous?.id ?? fresh.id,
    type: asset.type,
    name: asset.name,
    accountId: asset.id,
    avatarUrl: previous?.avatarUrl ?? null,
    status: liveStatus(setupChecks),
    connectedAt: iso(grant.now),
    disconnectedAt: null,
    tokenExpiresAt: grant.tokenExpiresAt,
    lastError: null,
    setupChecks,
    sealedToken: grant.sealedToken,
  };
}

/** A new token for the channel's own account; another account is refused, never swapped in. */
export function reauthorized(channel: StoredChannel, grant: Authorized): StoredChannel {
  requireManageable(channel);
  if (grant.asset.id !== channel.accountId || grant.asset.type !== channel.type) {
    throw new ChannelKitError('conflict', 'You authorized a different account.', { status: 409, code: 'different_account' });
  }
  const setupChecks = setupChecksFor(grant.asset);
  return {
    ...channel,
    status: liveStatus(setupChecks),
    connectedAt: channel.status === 'disconnected' ? iso(grant.now) : channel.connectedAt,
    disconnectedAt: null,
    tokenExpiresAt: grant.tokenExpiresAt,
    lastError: null,
    setupChecks,
    sealedToken: grant.sealedToken,
  };
}
