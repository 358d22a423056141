import { DEFAULT_EXPIRY_WINDOW_DAYS } from '../../core/channel-status.js';
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

/** What Meta can tell the server about a channel between the article's scenarios. */
export type MetaAccountChange =
  /** The token no longer works: a 190, the person removed the app (deauthorize), or a health check found it dead. */
  | 'token_revoked'
  /** The business removed the app at Meta (`business_integration_uninstall`, WhatsApp `PARTNER_REMOVED`, `PARTNER_APP_UNINSTALLED`). */
  | 'removed_at_meta'
  /** The person asked Meta to delete their data: the token they granted is forgotten. */
  | 'data_deleted';

/**
 * A channel's next row after Meta told the server `change`, or `undefined` when it changes nothing
 * (already so, or disconnected here): a replayed delivery changes nothing twice. Never deletes.
 */
export function afterMetaChange(channel: StoredChannel, change: MetaAccountChange, now: number, error: ChannelError): StoredChannel | undefined {
  if (!MANAGEABLE_TYPES.has(channel.type) || channel.type === 'webchat') return undefined;
  // A disconnected channel keeps its status; only a data-deletion request still has something to forget.
  if (channel.status === 'disconnected') return change === 'data_deleted' && channel.sealedToken ? { ...channel, sealedToken: null } : undefined;
  if (change === 'removed_at_meta') return { ...channel, status: 'disconnected', disconnectedAt: iso(now), lastError: error };
  const sealedToken = change === 'data_deleted' ? null : channel.sealedToken;
  if (channel.status === 'token_expired' && channel.lastError?.code === error.code && sealedToken === channel.sealedToken) return undefined;
  return { ...channel, status: 'token_expired', lastError: error, sealedToken };
}

/** How long before its token runs out a channel is `expiring`: the elements' default window, the one rule. */
const EXPIRING_WITHIN_MS = DEFAULT_EXPIRY_WINDOW_DAYS * 86_400_000;

/** When a token stops working: the earlier of its own expiry and its data-access expiry (null: neither is said). */
export function effectiveExpiry(expiresAt: string | null, dataAccessExpiresAt: string | null): string | null {
  const times = [expiresAt, dataAccessExpiresAt].filter((t): t is string => t !== null).map(Date.parse).filter(Number.isFinite);
  return times.length ? iso(Math.min(...times)) : null;
}

/**
 * A live channel after a health check read its token's expiry from Meta: the expiry is kept, and a
 * channel within `EXPIRING_WITHIN_MS` of it is `expiring` (back to its setup's status when a new expiry
 * is far off). `undefined` when nothing changes.
 */
export function afterTokenCheck(channel: StoredChannel, expiry: string | null, now: number): StoredChannel | undefined {
  if (!LIVE_STATUSES.has(channel.status)) return undefined;
  const soon = expiry !== null && Date.parse(expiry) - now <= EXPIRING_WITHIN_MS;
  const status = soon ? 'expiring' : statusForChecks(channel.setupChecks);
  if (status === channel.status && expiry === channel.tokenExpiresAt) return undefined;
  return { ...channel, status, tokenExpiresAt: expiry };
}

/**
 * The after-connect checks as far as the grant shows them: page-based channels need the routing setup,
 * WhatsApp does not. A check is `verified` or `not_verified` only on Meta's evidence (`routingConfigured`
 * said by Meta); without it, `unknown` ("can't be verified by the app"): never a tick without evidence.
 * The live checks (`MetaClient.setupChecks`) replace these once the app is subscribed.
 */
export function setupChecksFor(asset: MetaAsset): SetupCheck[] {
  if (asset.type === 'whatsapp') return [];
  const routing = asset.routingConfigured === undefined ? 'unknown' : asset.routingConfigured ? 'verified' : 'not_verified';
  return [
    { id: 'default_routing_app', state: routing, applies: true },
    { id: 'connected_app', state: 'unknown', applies: true },
    { id: 'handover_primary_receiver', state: routing, applies: asset.usesHandoverProtocol === true },
  ];
}

/** The status a live channel has with these checks: any check Meta says is not done makes it `setup_incomplete`. */
export function statusForChecks(checks: SetupCheck[]): 'connected' | 'setup_incomplete' {
  return checks.some((c) => c.applies && c.state === 'not_verified') ? 'setup_incomplete' : 'connected';
}

/** The ids Meta's deliveries name a channel by (see `StoredChannel.metaRefs`). */
export function metaRefsFor(asset: MetaAsset, grantedBy: string | null | undefined): string[] {
  const refs = [
    grantedBy ? `user:${grantedBy}` : null,
    asset.portfolio?.id ? `business:${asset.portfolio.id}` : null,
    asset.wabaId ? `waba:${asset.wabaId}` : null,
    asset.pageId ? `page:${asset.pageId}` : null,
  ];
  return refs.filter((r): r is string => r !== null);
}


export interface Authorized {
  asset: MetaAsset;
  sealedToken: string;
  tokenExpiresAt: string | null;
  /** The Meta user who granted the token (`debug_token`'s `user_id`), when Meta said. */
  grantedBy?: string | null;
  /** What subscribing the app at Meta found, when it was done. */
  setup?: AtMetaSetup;
  now: number;
}

/** The setup checks Meta evidenced after subscribing the app (null: Meta could not say), and what failed. */
export interface AtMetaSetup {
  setupChecks: SetupCheck[] | null;
  lastError: ChannelError | null;
}

/** A newly connected account, or (when the workspace had it before) the same channel back, history kept. */
export function connected(previous: StoredChannel | null, fresh: { workspaceId: string; id: string }, grant: Authorized): NewChannel {
  const { asset } = grant;
  const setupChecks = grant.setup?.setupChecks ?? setupChecksFor(asset);
  return {
    workspaceId: fresh.workspaceId,
    id: previous?.id ?? fresh.id,
    type: asset.type,
    name: asset.name,
    accountId: asset.id,
    avatarUrl: previous?.avatarUrl ?? null,
    status: statusForChecks(setupChecks),
    connectedAt: iso(grant.now),
    disconnectedAt: null,
    tokenExpiresAt: grant.tokenExpiresAt,
    lastError: grant.setup?.lastError ?? null,
    setupChecks,
    sealedToken: grant.sealedToken,
    metaRefs: metaRefsFor(asset, grant.grantedBy),
  };
}

/** A new token for the channel's own account; another account is refused, never swapped in. */
export function reauthorized(channel: StoredChannel, grant: Authorized): StoredChannel {
  requireManageable(channel);
  if (grant.asset.id !== channel.accountId || grant.asset.type !== channel.type) {
    throw new ChannelKitError('conflict', 'You authorized a different account.', { status: 409, code: 'different_account' });
  }
  const setupChecks = grant.setup?.setupChecks ?? setupChecksFor(grant.asset);
  return {
    ...channel,
    status: statusForChecks(setupChecks),
    connectedAt: channel.status === 'disconnected' ? iso(grant.now) : channel.connectedAt,
    disconnectedAt: null,
    tokenExpiresAt: grant.tokenExpiresAt,
    lastError: grant.setup?.lastError ?? null,
    setupChecks,
    sealedToken: grant.sealedToken,
    metaRefs: metaRefsFor(grant.asset, grant.grantedBy),
  };
}
