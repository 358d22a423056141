import type { AuthorizableType, AuthorizationResult, AuthorizationSession, GrantedAccount } from '../core/authorization.js';
import type { ChannelError, ChannelWire, SetupCheck } from '../core/channel.js';
import { ChannelKitError, isChannelKitError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { defaultPermissionPolicy, type PermissionPolicy } from '../permissions/policy.js';
import type { TokenVault } from './crypto/token-vault.js';
import type { MetaAsset, MetaClient } from './meta/meta-client.js';
import { AUTHORIZATION_LIFETIME_MS, authorizationNow, randomId, requireCompleted, requirePending } from './rules/authorizations.js';
import { connected, disconnected, META_UNREACHABLE, reauthorized, requireManageable, statusNow } from './rules/channel-rules.js';
import { eligibilityOf, INELIGIBILITY_MESSAGES } from './rules/eligibility.js';
import { requireManager } from './rules/permissions.js';
import type { ChannelStore, ListedChannel, StoreTransaction, StoredAuthorization, StoredChannel } from './store/channel-store.js';

/** Who is calling: the host's `authenticate`, or an embedded session, says so. */
export interface Identity {
  workspaceId: string;
  viewer: Viewer;
}

export interface ChannelServiceOptions {
  store: ChannelStore;
  meta: MetaClient;
  vault: TokenVault;
  policy?: PermissionPolicy;
  now?: () => number;
  /** Told after every change a caller made, for live updates (SSE, the in-page backend's listeners). */
  onChange?: (workspaceId: string, channel: ChannelWire) => void;
}

export interface StartInput {
  channelType: AuthorizableType;
  mode: 'connect' | 'reauthorize';
  channelId?: string;
  /** The origin of the page that starts the flow: the callback page posts there and nowhere else. */
  openerOrigin: string | null;
  /** The server's callback page, where Meta redirects. */
  redirectUri: string;
  /** The exact origin of that callback page. */
  callbackOrigin: string;
}

const MAX_PAGE = 500;

/**
 * The product's rules over a store and Meta: the one implementation of the REST contract's
 * operations. The HTTP layer validates and authenticates; this decides.
 */
export class ChannelService {
  private readonly store: ChannelStore;
  private readonly meta: MetaClient;
  private readonly vault: TokenVault;
  private readonly policy: PermissionPolicy;
  private readonly now: () => number;
  private readonly onChange?: ChannelServiceOptions['onChange'];

  constructor(options: ChannelServiceOptions) {
    this.store = options.store;
    this.meta = options.meta;
    this.vault = options.vault;
    this.policy = options.policy ?? defaultPermissionPolicy;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  viewer(identity: Identity): Viewer {
    return { ...identity.viewer };
  }

  async listChannels(identity: Identity, query: { cursor?: string | null; limit?: number }) {
    const limit = Math.min(Math.max(query.limit ?? MAX_PAGE, 1), MAX_PAGE);
    const page = await this.store.listChannels(identity.workspaceId, { cursor: query.cursor, limit });
    const now = this.now();
    const result: { channels: ChannelWire[]; nextCursor: string | null; total?: number } = {
      channels: page.channels.map((c) => toWire(c, now)),
      nextCursor: page.nextCursor,
    };
    if (page.total !== undefined) result.total = page.total;
    return result;
  }

  async getChannel(identity: Identity, channelId: string): Promise<ChannelWire> {
    return toWire(await this.channel(identity, channelId), this.now());
  }

  async startAuthorization(identity: Identity, input: StartInput): Promise<AuthorizationSession> {
    requireManager(identity.viewer, this.policy);
    if (input.mode === 'reauthorize') {
      const channel = await this.channel(identity, input.channelId ?? '');
      requireManageable(channel);
      if (channel.type !== input.channelType) {
        throw new ChannelKitError('invalid_request', 'The channel is of another type.', { status: 400, code: 'type_mismatch' });
      }
    }
    const now = this.now();
    const stored = await this.store.transaction((tx) =>
      tx.insertAuthorization({
        workspaceId: identity.workspaceId,
        id: `auth_${randomId(12)}`,
        mode: input.mode,
        channelType: input.channelType,
        channelId: input.mode === 'reauthorize' ? (input.channelId ?? null) : null,
        state: randomId(24),
        openerOrigin: input.openerOrigin,
        status: 'pending',
        code: null,
        grant: null,
        error: null,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + AUTHORIZATION_LIFETIME_MS).toISOString(),
      }),
    );
    const signupOrigin = this.meta.embeddedSignupOrigin(input.channelType);
    return {
      id: stored.id,
      mode: stored.mode,
      channelType: stored.channelType,
      channelId: stored.channelId,
      state: stored.state,
      authorizeUrl: this.meta.authorizeUrl({
        channelType: input.channelType,
        state: stored.state,
        redirectUri: input.redirectUri,
        reauthorize: input.mode === 'reauthorize',
      }),
      callbackOrigin: input.callbackOrigin,
      flow: signupOrigin ? 'embedded_signup' : 'redirect',
      embeddedSignupOrigin: signupOrigin,
      expiresAt: stored.expiresAt,
    };
  }

  /**
   * Meta's redirect reached the server's callback page: the code is kept for the COOP fallback, a
   * refusal ends the flow. Returns the origin the page may post to (null: post nowhere).
   */
  async receiveCallback(input: { state: string; code: string | null; error: { code: string; message: string } | null }) {
    return this.store.transaction(async (tx) => {
      const found = await tx.lockAuthorizationByState(input.state);
      if (!found) return null;
      const authorization = authorizationNow(found, this.now());
      // `state` is single use: a flow that has ended (or already received its code) posts nowhere.
      if (authorization.status !== 'pending' || authorization.code) return null;
      if (input.error) {
        const cancelled = input.error.code === 'access_denied';
        await tx.saveAuthorization({ ...authorization, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : input.error });
      } else if (input.code) {
        await tx.saveAuthorization({ ...authorization, code: input.code });
      }
      return authorization.openerOrigin;
    });
  }

  async finishAuthorization(
    identity: Identity,
    input: { sessionId: string; state: string; code: string; redirectUri: string; embeddedSignup?: { phoneNumberId?: string; wabaId?: string } },
  ): Promise<AuthorizationResult> {
    requireManager(identity.viewer, this.policy);
    const authorization = await this.exchange(identity, input.sessionId, (current) => {
      if (input.state !== current.state) {
        throw new ChannelKitError('conflict', 'The authorization does not belong to this flow.', { status: 409, code: 'state_mismatch' });
      }
      if (current.status === 'completed' || (current.code !== null && current.code !== input.code)) {
        throw new ChannelKitError('invalid_request', 'The authorization code is not valid.', { status: 400, code: 'invalid_code' });
      }
      return { code: input.code, redirectUri: input.redirectUri, embeddedSignup: input.embeddedSignup };
    });
    return this.result(identity, authorization);
  }

  /** The flow's result without a code from the browser (COOP fallback): the callback page's code is exchanged here. */
  async getAuthorization(identity: Identity, sessionId: string, redirectUri: string): Promise<AuthorizationResult> {
    requireManager(identity.viewer, this.policy);
    const current = await this.authorization(identity, sessionId);
    if (current.status === 'pending' && current.code) {
      const code = current.code;
      const exchanged = await this.exchange(identity, sessionId, (locked) =>
        locked.status === 'pending' && locked.code === code ? { code, redirectUri } : undefined,
      );
      return this.result(identity, exchanged);
    }
    return this.result(identity, current);
  }

  async connectAccount(identity: Identity, input: { sessionId: string; accountId: string }): Promise<ChannelWire> {
    requireManager(identity.viewer, this.policy);
    const saved = await this.store.transaction(async (tx) => {
      const authorization = await this.lockedAuthorization(tx, identity, input.sessionId);
      requireCompleted(authorization, 'connect');
      const asset = grantedAsset(authorization, input.accountId);
      const existing = await tx.channelsForAccount(asset.type, asset.id);
      const { eligibility } = eligibilityOf(asset, {
        channelType: authorization.channelType,
        workspaceId: identity.workspaceId,
        existing,
        reauthorizingChannelId: null,
      });
      if (eligibility !== 'eligible') throw ineligible(eligibility);
      const previous = existing.find((c) => c.workspaceId === identity.workspaceId) ?? null;
      const grant = { asset, sealedToken: authorization.grant!.sealedToken, tokenExpiresAt: authorization.grant!.tokenExpiresAt, now: this.now() };
      const next = connected(previous, { workspaceId: identity.workspaceId, id: `ch_${randomId(8)}` }, grant);
      return previous ? tx.saveChannel({ ...next, version: previous.version }) : tx.insertChannel(next);
    });
    return this.changed(saved);
  }

  async createWebchat(identity: Identity, input: { name: string; domains: string[]; snippetOrigin: string }) {
    requireManager(identity.viewer, this.policy);
    const id = `ch_${randomId(8)}`;
    const channel = await this.store.transaction((tx) =>
      tx.insertChannel({
        workspaceId: identity.workspaceId,
        id,
        type: 'webchat',
        name: input.name,
        accountId: `web_${id}`,
        avatarUrl: null,
        status: 'connected',
        connectedAt: new Date(this.now()).toISOString(),
        disconnectedAt: null,
        tokenExpiresAt: null,
        lastError: null,
        setupChecks: [],
        sealedToken: null,
      }),
    );
    const snippet = `<script async src="${input.snippetOrigin}/webchat/loader.js" data-channel-id="${id}"></script>`;
    return { channel: this.changed(channel), snippet };
  }

  async disconnect(identity: Identity, channelId: string): Promise<ChannelWire> {
    requireManager(identity.viewer, this.policy);
    // Meta first, outside the transaction (no row lock is held over a call to Meta); whatever Meta
    // answers, the channel is disconnected here.
    const metaFailure = await this.unsubscribeAtMeta(await this.channel(identity, channelId));
    const { row, changed } = await this.store.transaction(async (tx) => {
      const channel = await tx.lockChannel(identity.workspaceId, channelId);
      if (!channel) throw channelNotFound();
      const next = disconnected(channel, this.now(), metaFailure);
      return next ? { row: await tx.saveChannel(next), changed: true } : { row: channel, changed: false };
    });
    return changed ? this.changed(row) : toWire(row, this.now());
  }

  async reauthorize(identity: Identity, input: { channelId: string; sessionId: string; accountId: string }): Promise<ChannelWire> {
    requireManager(identity.viewer, this.policy);
    const saved = await this.store.transaction(async (tx) => {
      const channel = await tx.lockChannel(identity.workspaceId, input.channelId);
      if (!channel) throw channelNotFound();
      requireManageable(channel);
      const authorization = await this.lockedAuthorization(tx, identity, input.sessionId);
      requireCompleted(authorization, 'reauthorize');
      if (authorization.channelId !== channel.id) {
        throw new ChannelKitError('conflict', 'This authorization was started for another channel.', { status: 409, code: 'session_mismatch' });
      }
      const asset = grantedAsset(authorization, input.accountId);
      const grant = { asset, sealedToken: authorization.grant!.sealedToken, tokenExpiresAt: authorization.grant!.tokenExpiresAt, now: this.now() };
      const next = reauthorized(channel, grant);
      const { eligibility } = eligibilityOf(asset, {
        channelType: authorization.channelType,
        workspaceId: identity.workspaceId,
        existing: await tx.channelsForAccount(asset.type, asset.id),
        reauthorizingChannelId: channel.id,
      });
      if (eligibility !== 'eligible') throw ineligible(eligibility);
      return tx.saveChannel(next);
    });
    return this.changed(saved);
  }

  async getSetupChecks(identity: Identity, channelId: string): Promise<SetupCheck[]> {
    const channel = await this.channel(identity, channelId);
    if (channel.sealedToken && (channel.type === 'facebook' || channel.type === 'instagram' || channel.type === 'whatsapp')) {
      const token = await this.vault.open(channel.sealedToken);
      const live = await this.meta.setupChecks({ id: channel.accountId, type: channel.type }, token);
      if (live) return live;
    }
    return channel.setupChecks;
  }

  /** Tells Meta to stop delivering the channel's messages to the app; the failure, if it could not. */
  private async unsubscribeAtMeta(channel: StoredChannel): Promise<ChannelError | undefined> {
    const type = channel.type;
    if (channel.status === 'disconnected' || !channel.sealedToken || !this.meta.unsubscribe) return undefined;
    if (type !== 'facebook' && type !== 'instagram' && type !== 'whatsapp') return undefined;
    try {
      await this.meta.unsubscribe({ id: channel.accountId, type }, await this.vault.open(channel.sealedToken));
      return undefined;
    } catch (error) {
      const fbtraceId = isChannelKitError(error) ? error.meta?.fbtraceId : undefined;
      return {
        code: META_UNREACHABLE,
        message: 'Meta could not be told to stop delivering this channel\'s messages. It is disconnected here.',
        ...(fbtraceId ? { fbtraceId } : {}),
      };
    }
  }

  private async channel(identity: Identity, channelId: string): Promise<StoredChannel> {
    const channel = await this.store.getChannel(identity.workspaceId, channelId);
    if (!channel) throw channelNotFound();
    return channel;
  }

  private async authorization(identity: Identity, sessionId: string): Promise<StoredAuthorization> {
    const found = await this.store.getAuthorization(identity.workspaceId, sessionId);
    if (!found) throw authorizationNotFound();
    return authorizationNow(found, this.now());
  }

  private async lockedAuthorization(tx: StoreTransaction, identity: Identity, sessionId: string): Promise<StoredAuthorization> {
    const found = await tx.lockAuthorization(identity.workspaceId, sessionId);
    if (!found) throw authorizationNotFound();
    return authorizationNow(found, this.now());
  }

  /**
   * Exchanges the code at Meta once: the row is locked, checked by `check` (which may decline with
   * `undefined`), and completed with the sealed token in the same transaction, so two racing finishes
   * cannot both exchange.
   */
  private async exchange(
    identity: Identity,
    sessionId: string,
    check: (current: StoredAuthorization) => { code: string; redirectUri: string; embeddedSignup?: { phoneNumberId?: string; wabaId?: string } } | undefined,
  ): Promise<StoredAuthorization> {
    return this.store.transaction(async (tx) => {
      const current = await this.lockedAuthorization(tx, identity, sessionId);
      const request = check(current);
      if (!request) return current;
      requirePending(current);
      const exchanged = await this.meta.exchangeCode({ ...request, channelType: current.channelType });
      return tx.saveAuthorization({
        ...current,
        status: 'completed',
        code: null,
        grant: {
          assets: exchanged.assets,
          sealedToken: await this.vault.seal(exchanged.accessToken),
          tokenExpiresAt: exchanged.tokenExpiresAt,
        },
      });
    });
  }

  private async result(identity: Identity, authorization: StoredAuthorization): Promise<AuthorizationResult> {
    const accounts: GrantedAccount[] = [];
    if (authorization.status === 'completed' && authorization.grant) {
      const assets = authorization.grant.assets;
      // One after another: a transaction is one connection, which takes one query at a time.
      const existing = await this.store.transaction(async (tx) => {
        const found = [];
        for (const a of assets) found.push(await tx.channelsForAccount(a.type, a.id));
        return found;
      });
      for (const [i, asset] of assets.entries()) {
        const judged = eligibilityOf(asset, {
          channelType: authorization.channelType,
          workspaceId: identity.workspaceId,
          existing: existing[i] ?? [],
          reauthorizingChannelId: authorization.mode === 'reauthorize' ? authorization.channelId : null,
        });
        accounts.push({
          id: asset.id,
          type: asset.type,
          name: asset.name,
          username: asset.username ?? null,
          avatarUrl: null,
          portfolio: asset.portfolio,
          eligibility: judged.eligibility,
          channelId: judged.channelId,
        });
      }
    }
    return { sessionId: authorization.id, status: authorization.status, accounts, error: authorization.error };
  }

  private changed(channel: StoredChannel): ChannelWire {
    const wire = toWire(channel, this.now());
    this.onChange?.(channel.workspaceId, wire);
    return wire;
  }
}

/** What the contract carries: never the token, never the workspace. */
export function toWire(channel: ListedChannel, now: number): ChannelWire {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    accountId: channel.accountId,
    avatarUrl: channel.avatarUrl,
    status: statusNow(channel, now),
    connectedAt: channel.connectedAt,
    disconnectedAt: channel.disconnectedAt,
    tokenExpiresAt: channel.tokenExpiresAt,
    lastError: channel.lastError,
    setupChecks: channel.setupChecks,
  };
}

function grantedAsset(authorization: StoredAuthorization, accountId: string): MetaAsset {
  const asset = authorization.grant?.assets.find((a) => a.id === accountId);
  if (!asset) {
    throw new ChannelKitError('invalid_request', 'That account was not granted in this authorization.', { status: 400, code: 'account_not_granted' });
  }
  return asset;
}

function ineligible(eligibility: keyof typeof INELIGIBILITY_MESSAGES): ChannelKitError {
  return new ChannelKitError('conflict', INELIGIBILITY_MESSAGES[eligibility], { status: 409, code: eligibility });
}

function channelNotFound() {
  return new ChannelKitError('not_found', 'No such channel.', { status: 404, code: 'channel_not_found' });
}

function authorizationNotFound() {
  return new ChannelKitError('not_found', 'No such authorization.', { status: 404, code: 'session_not_found' });
}
