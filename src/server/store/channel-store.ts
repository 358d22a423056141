import type { AuthorizableType, AuthorizationMode } from '../../core/authorization.js';
import type { ChannelError, SetupCheck } from '../../core/channel.js';
import type { MetaAsset } from '../meta/meta-client.js';

/** A channel as stored: the contract's fields, its workspace, its sealed token and a version. */
export interface StoredChannel {
  workspaceId: string;
  id: string;
  /** As given (the contract's `type`): unknown values are kept and listed read-only. */
  type: string;
  name: string;
  accountId: string;
  avatarUrl: string | null;
  status: string;
  connectedAt: string | null;
  disconnectedAt: string | null;
  tokenExpiresAt: string | null;
  lastError: ChannelError | null;
  setupChecks: SetupCheck[];
  /** The Meta token, encrypted (see `TokenVault`); never leaves the server. */
  sealedToken: string | null;
  /**
   * The ids Meta's deliveries name this channel by, each `<kind>:<id>`: `user:` the person who granted
   * the token (deauthorize, data deletion), `business:` the portfolio (`business_integration_uninstall`),
   * `waba:` a WhatsApp number's account (`account_update`), `page:` the Page an Instagram account is
   * reached through. Absent (or empty) for rows from before it was kept, and for Webchat.
   */
  metaRefs?: string[];
  /** Bumped on every write. */
  version: number;
}

export type NewChannel = Omit<StoredChannel, 'version'>;

/** A channel as a listing reads it: everything but its token, which a listing has no use for. */
export type ListedChannel = Omit<StoredChannel, 'sealedToken'>;

export type AuthorizationStatus = 'pending' | 'completed' | 'cancelled' | 'failed' | 'expired';

/** What Meta granted when the code was exchanged: the assets and the (sealed) token. */
export interface StoredGrant {
  assets: MetaAsset[];
  sealedToken: string;
  tokenExpiresAt: string | null;
  /** The Meta user who granted the token, when Meta said. */
  userId?: string | null;
  /** SHA-256 of the code exchanged (base64url): the same code finishing again gets this result, not an error. */
  codeHash?: string;
}

/** One run of the authorization popup. `state` is single use; the code is exchanged once. */
export interface StoredAuthorization {
  workspaceId: string;
  id: string;
  mode: AuthorizationMode;
  channelType: AuthorizableType;
  channelId: string | null;
  state: string;
  /** The exact origin of the page that started the flow: the callback page posts only there. */
  openerOrigin: string | null;
  status: AuthorizationStatus;
  /** The code Meta's redirect delivered to the server's callback page (for the COOP fallback). */
  code: string | null;
  grant: StoredGrant | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  expiresAt: string;
  version: number;
}

export type NewAuthorization = Omit<StoredAuthorization, 'version'>;

/** A message bus between server instances, carried by the database. */
export interface ChangeChannel {
  publish(payload: string): Promise<void>;
  listen(onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface ChannelPageQuery {
  /** Opaque: what the previous page returned as `nextCursor`. */
  cursor?: string | null;
  limit: number;
}

export interface StoredChannelPage {
  channels: ListedChannel[];
  nextCursor: string | null;
  /** Counted on the first page only (no cursor). */
  total?: number;
}

/**
 * Decides a row's next value from its current one, inside the store's transaction: returns the new
 * row, or `undefined` to leave it as it is. Throwing aborts the transaction and changes nothing.
 */
export type Change<T> = (current: T) => T | undefined | Promise<T | undefined>;

/** The work a transaction can do: every read and write of the store, on one connection. */
export interface StoreTransaction {
  getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null>;
  /** Locks the row until the transaction ends (`SELECT … FOR UPDATE`), so racing writes take turns. */
  lockChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null>;
  /** Channels of this account, in every workspace (the account may be connected elsewhere). */
  channelsForAccount(type: string, accountId: string): Promise<StoredChannel[]>;
  insertChannel(channel: NewChannel): Promise<StoredChannel>;
  /** Writes the row (matched by workspace and id) and bumps its version. */
  saveChannel(channel: StoredChannel): Promise<StoredChannel>;
  getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null>;
  lockAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null>;
  /** By `state`, whichever workspace started it (Meta's redirect carries only the state). */
  lockAuthorizationByState(state: string): Promise<StoredAuthorization | null>;
  insertAuthorization(authorization: NewAuthorization): Promise<StoredAuthorization>;
  saveAuthorization(authorization: StoredAuthorization): Promise<StoredAuthorization>;
  /** Channels, in every workspace, that carry this ref in `metaRefs` (e.g. `user:123`). */
  channelsByMetaRef(ref: string): Promise<StoredChannel[]>;
}

/** Durable work (a webhook's effect): queued at once, done by whichever instance claims it. */
export interface NewJob {
  /** The idempotency key: a job whose id is already queued (or done) is not queued again. */
  id: string;
  kind: string;
  payload: unknown;
  /** Not before this time (ISO). */
  runAfter: string;
}

export interface Job extends NewJob {
  /** Claims so far, this one included. */
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
}

export interface JobQueue {
  /** Queues what is new; ids already known are ignored (a replayed delivery). Returns how many were new. */
  enqueue(jobs: NewJob[]): Promise<number>;
  /**
   * Leases up to `limit` due jobs to the caller until `now + leaseMs` (`FOR UPDATE SKIP LOCKED`: two
   * instances never claim the same job; a lease that runs out — its instance died — is claimed again).
   */
  claim(input: { now: number; leaseMs: number; limit: number }): Promise<Job[]>;
  complete(id: string, now: number): Promise<void>;
  /** Releases the lease and tries again at `runAfter`, keeping the error. */
  retry(id: string, input: { runAfter: string; error: string }): Promise<void>;
  get(id: string): Promise<Job | null>;
  /** Forgets jobs done before `before` (ISO); returns how many. */
  purgeDone(before: string): Promise<number>;
}

/** Which live Meta channels are due a token health check, leased so one instance checks each. */
export interface HealthLeases {
  /**
   * Up to `limit` channels of type facebook/instagram/whatsapp, with a sealed token, not `disconnected`,
   * last checked before `checkedBefore` (or never), and not leased now; each is leased to the caller
   * until `now + leaseMs` (`FOR UPDATE SKIP LOCKED`).
   */
  claimDue(input: { now: number; checkedBefore: string; leaseMs: number; limit: number }): Promise<StoredChannel[]>;
  /** Records the check and ends the lease. */
  checked(workspaceId: string, channelId: string, at: string): Promise<void>;
}

/**
 * Where channels and authorizations live. Two real implementations (PGlite, PostgreSQL) share one
 * SQL implementation; the in-page backend uses the in-memory one. Every workspace's rows are apart:
 * each read and write names its workspace.
 */
export interface ChannelStore {
  listChannels(workspaceId: string, query: ChannelPageQuery): Promise<StoredChannelPage>;
  getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null>;
  getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null>;
  /** Runs `work` in one transaction: all of its writes happen, or none. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Adds many channels at once (seeding a workspace); ids that exist are left as they are. */
  importChannels(channels: NewChannel[]): Promise<number>;
  /**
   * Shared by every server instance on the same database (PostgreSQL's `NOTIFY`/`LISTEN`): what one
   * publishes, all of them hear, itself included. Absent where one process is all there is.
   */
  changes?: ChangeChannel;
  jobs: JobQueue;
  health: HealthLeases;
  /**
   * Forgets authorizations that expired before `expiredBefore` (ISO), with the sealed grant they hold:
   * a completed flow's token lives on in its channel, an abandoned one's nowhere. Returns how many.
   */
  purgeAuthorizations(expiredBefore: string): Promise<number>;
  /** Whether the database answers (the health route). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
