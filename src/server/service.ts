import type { AuthorizableType, AuthorizationResult, AuthorizationSession, GrantedAccount } from '../core/authorization.js';
import { ChannelSchema, type ChannelError, type ChannelWire, type SetupCheck } from '../core/channel.js';
import { ChannelKitError, isChannelKitError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { defaultPermissionPolicy, reauthorizeAction, requestFor, type PermissionAction, type PermissionPolicy } from '../permissions/policy.js';
import { toBase64Url, utf8 } from './crypto/encoding.js';
import type { TokenVault } from './crypto/token-vault.js';
import type { ExchangeCodeInput, MetaAsset, MetaClient } from './meta/meta-client.js';
import { AUTHORIZATION_LIFETIME_MS, authorizationNow, randomId, requireCompleted, requirePending } from './rules/authorizations.js';
import {
  afterMetaChange,
  afterTokenCheck,
  connected,
  effectiveExpiry,
  disconnected,
  META_UNREACHABLE,
  reauthorized,
  requireManageable,
  statusForChecks,
  statusNow,
  type AtMetaSetup,
  type MetaAccountChange,
} from './rules/channel-rules.js';
import { eligibilityOf, INELIGIBILITY_MESSAGES } from './rules/eligibility.js';
import { requireAllowed } from './rules/permissions.js';
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

const META_TYPES: ReadonlySet<string> = new Set(['facebook', 'instagram', 'whatsapp']);
const isMetaType = (type: string): type is AuthorizableType => META_TYPES.has(type);

/** Which channels a change from Meta is about: those naming `ref` in any workspace, or one channel. */
export type MetaChangeTarget = { ref: string } | { workspaceId: string; channelId: string };

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
    if (input.mode === 'reauthorize') {
      const channel = await this.channel(identity, input.channelId ?? '');
      this.requireAllowed(identity, reauthorizeAction(channel), channel);
      requireManageable(channel);
      if (channel.type !== input.channelType) {
        throw new ChannelKitError('invalid_request', 'The channel is of another type.', { status: 400, code: 'type_mismatch' });
      }
    } else {
      this.requireAllowed(identity, 'connect', undefined, input.channelType);
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
    input: { sessionId: string; state: string; code: string; redirectUri: string; embeddedSignup?: ExchangeCodeInput['embeddedSignup'] },
  ): Promise<AuthorizationResult> {
    await this.requireMayContinue(identity, await this.authorization(identity, input.sessionId));
    const codeHash = await hashOfCode(input.code);
    const authorization = await this.exchange(identity, input.sessionId, (current) => {
      if (input.state !== current.state) {
        throw new ChannelKitError('conflict', 'The authorization does not belong to this flow.', { status: 409, code: 'state_mismatch' });
      }
      // The same code again (the popup's message racing the COOP fallback's check): the result it got.
      if (current.status === 'completed' && current.grant?.codeHash === codeHash) return undefined;
      if (current.status === 'completed' || (current.code !== null && current.code !== input.code)) {
        throw new ChannelKitError('invalid_request', 'The authorization code is not valid.', { status: 400, code: 'invalid_code' });
      }
      return { code: input.code, redirectUri: input.redirectUri, embeddedSignup: input.embeddedSignup };
    });
    return this.result(identity, authorization);
  }

  /** The flow's result without a code from the browser (COOP fallback): the callback page's code is exchanged here. */
  async getAuthorization(identity: Identity, sessionId: string, redirectUri: string): Promise<AuthorizationResult> {
    const current = await this.authorization(identity, sessionId);
    await this.requireMayContinue(identity, current);
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
    // Judged first, so Meta is not touched for an account that cannot be connected; judged again,
    // locked, when the row is written.
    const judged = await this.store.transaction((tx) => this.connectable(tx, identity, input));
    const setup = await this.setUpAtMeta(judged.asset, judged.authorization.grant!.sealedToken, { register: true });
    const saved = await this.store.transaction(async (tx) => {
      const { authorization, asset, existing } = await this.connectable(tx, identity, input);
      const previous = existing.find((c) => c.workspaceId === identity.workspaceId) ?? null;
      const next = connected(previous, { workspaceId: identity.workspaceId, id: `ch_${randomId(8)}` }, { ...grantOf(authorization, asset, this.now()), setup });
      return previous ? tx.saveChannel({ ...next, version: previous.version }) : tx.insertChannel(next);
    });
    return this.changed(saved);
  }

  private async connectable(tx: StoreTransaction, identity: Identity, input: { sessionId: string; accountId: string }) {
    const authorization = await this.lockedAuthorization(tx, identity, input.sessionId);
    requireCompleted(authorization, 'connect');
    const asset = grantedAsset(authorization, input.accountId);
    const existing = await tx.channelsForAccount(asset.type, asset.id);
    // Connecting an account this workspace had before (disconnected) connects that channel again.
    this.requireAllowed(identity, 'connect', existing.find((c) => c.workspaceId === identity.workspaceId), authorization.channelType);
    const { eligibility } = eligibilityOf(asset, { channelType: authorization.channelType, workspaceId: identity.workspaceId, existing, reauthorizingChannelId: null });
    if (eligibility !== 'eligible') throw ineligible(eligibility);
    return { authorization, asset, existing };
  }

  async createWebchat(identity: Identity, input: { name: string; domains: string[]; snippetOrigin: string }) {
    this.requireAllowed(identity, 'connect', undefined, 'webchat');
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
    const channel = await this.channel(identity, channelId);
    this.requireAllowed(identity, 'disconnect', channel);
    // Meta first, outside the transaction (no row lock is held over a call to Meta); whatever Meta
    // answers, the channel is disconnected here.
    const metaFailure = await this.unsubscribeAtMeta(channel);
    const { row, changed } = await this.store.transaction(async (tx) => {
      const channel = await tx.lockChannel(identity.workspaceId, channelId);
      if (!channel) throw channelNotFound();
      const next = disconnected(channel, this.now(), metaFailure);
      return next ? { row: await tx.saveChannel(next), changed: true } : { row: channel, changed: false };
    });
    return changed ? this.changed(row) : toWire(row, this.now());
  }

  async reauthorize(identity: Identity, input: { channelId: string; sessionId: string; accountId: string }): Promise<ChannelWire> {
    const judged = await this.store.transaction((tx) => this.reauthorizable(tx, identity, input));
    // The number was registered when it was connected: registering again would need the PIN set then.
    const setup = await this.setUpAtMeta(judged.asset, judged.authorization.grant!.sealedToken, { register: false });
    const saved = await this.store.transaction(async (tx) => {
      const { channel, authorization, asset } = await this.reauthorizable(tx, identity, input);
      return tx.saveChannel(reauthorized(channel, { ...grantOf(authorization, asset, this.now()), setup }));
    });
    return this.changed(saved);
  }

  private async reauthorizable(tx: StoreTransaction, identity: Identity, input: { channelId: string; sessionId: string; accountId: string }) {
    const channel = await tx.lockChannel(identity.workspaceId, input.channelId);
    if (!channel) throw channelNotFound();
    this.requireAllowed(identity, reauthorizeAction(channel), channel);
    requireManageable(channel);
    const authorization = await this.lockedAuthorization(tx, identity, input.sessionId);
    requireCompleted(authorization, 'reauthorize');
    if (authorization.channelId !== channel.id) {
      throw new ChannelKitError('conflict', 'This authorization was started for another channel.', { status: 409, code: 'session_mismatch' });
    }
    const asset = grantedAsset(authorization, input.accountId);
    // Another account (for WhatsApp, another number) is refused before anything else.
    reauthorized(channel, grantOf(authorization, asset, this.now()));
    const { eligibility } = eligibilityOf(asset, {
      channelType: authorization.channelType,
      workspaceId: identity.workspaceId,
      existing: await tx.channelsForAccount(asset.type, asset.id),
      reauthorizingChannelId: channel.id,
    });
    if (eligibility !== 'eligible') throw ineligible(eligibility);
    return { channel, authorization, asset };
  }

  /** Meta's evidence now, kept on the row (its status follows), or the row's checks when Meta cannot say. */
  async getSetupChecks(identity: Identity, channelId: string): Promise<SetupCheck[]> {
    const channel = await this.channel(identity, channelId);
    this.requireAllowed(identity, 'setup', channel);
    const type = channel.type;
    if (!channel.sealedToken || !isMetaType(type) || channel.status === 'disconnected') return channel.setupChecks;
    const token = await this.vault.open(channel.sealedToken);
    const live = await this.atMeta(channel, () => this.meta.setupChecks({ id: channel.accountId, type }, token));
    if (!live) return channel.setupChecks;
    if (JSON.stringify(live) !== JSON.stringify(channel.setupChecks)) await this.keepSetupChecks(channel, live);
    return live;
  }

  /**
   * Meta told the server something about channels (a webhook, a signed callback, a health check, a
   * 190): each affected channel, in whichever workspace, changes once and is never deleted. Returns
   * how many changed (0 for a replay).
   */
  async applyMetaChange(target: MetaChangeTarget, change: MetaAccountChange, error: ChannelError): Promise<number> {
    const rows = await this.store.transaction(async (tx) => {
      const found = 'ref' in target ? await tx.channelsByMetaRef(target.ref) : [{ workspaceId: target.workspaceId, id: target.channelId }];
      const saved: StoredChannel[] = [];
      for (const { workspaceId, id } of found) {
        const locked = await tx.lockChannel(workspaceId, id);
        const next = locked && afterMetaChange(locked, change, this.now(), error);
        if (next) saved.push(await tx.saveChannel(next));
      }
      return saved;
    });
    for (const row of rows) this.changed(row);
    return rows.length;
  }

  /**
   * The scheduled check of one channel (leased to this instance): its token's validity and expiry from
   * `debug_token`, then its setup checks from Meta's evidence. A dead token marks the channel
   * `token_expired`; an expiry within the window, `expiring`. Rejects when Meta could not be asked.
   */
  async checkChannelHealth(channel: StoredChannel): Promise<void> {
    const type = channel.type;
    if (!channel.sealedToken || !isMetaType(type) || channel.status === 'disconnected' || !this.meta.tokenHealth) return;
    const token = await this.vault.open(channel.sealedToken);
    // debug_token is asked with the app's token: its errors say nothing of the channel's (no `atMeta`).
    const health = await this.meta.tokenHealth(token);
    if (!health.isValid) {
      await this.applyMetaChange({ workspaceId: channel.workspaceId, channelId: channel.id }, 'token_revoked', tokenRevokedError());
      return;
    }
    const expiry = effectiveExpiry(health.expiresAt, health.dataAccessExpiresAt);
    const saved = await this.store.transaction(async (tx) => {
      const locked = await tx.lockChannel(channel.workspaceId, channel.id);
      const next = locked && locked.sealedToken === channel.sealedToken ? afterTokenCheck(locked, expiry, this.now()) : undefined;
      return next ? tx.saveChannel(next) : null;
    });
    if (saved) this.changed(saved);
    if (type === 'whatsapp') return;
    const checks = await this.atMeta(channel, () => this.meta.setupChecks({ id: channel.accountId, type }, token));
    if (checks && JSON.stringify(checks) !== JSON.stringify((saved ?? channel).setupChecks)) await this.keepSetupChecks(saved ?? channel, checks);
  }

  /**
   * Before a connect or a reauthorization is written: the app is subscribed to the asset's webhooks
   * (and a WhatsApp number registered for Cloud API), then the setup checks are read from Meta's
   * evidence. Meta refusing the subscription still connects, saying what could not be done; a token
   * Meta calls dead (190) refuses the connect with Meta's own error.
   */
  private async setUpAtMeta(asset: MetaAsset, sealedToken: string, options: { register: boolean }): Promise<AtMetaSetup | undefined> {
    const type = asset.type;
    if (!this.meta.subscribe) return undefined;
    const token = await this.vault.open(sealedToken);
    let lastError: ChannelError | null = null;
    try {
      await this.meta.subscribe({ id: asset.id, type }, token);
      // A number on the WhatsApp Business app (coexistence) is not registered for Cloud API (META-API §6).
      if (options.register && type === 'whatsapp' && !asset.onBusinessApp && this.meta.registerPhoneNumber) await this.meta.registerPhoneNumber(asset.id, randomPin(), token);
    } catch (error) {
      if (isChannelKitError(error) && error.reason === 'token_expired') throw error;
      lastError = metaSetupFailure(error);
    }
    try {
      return { setupChecks: await this.meta.setupChecks({ id: asset.id, type }, token), lastError };
    } catch {
      // The checks stay as the grant shows them; the next look at the setup steps asks Meta again.
      return { setupChecks: null, lastError };
    }
  }

  private async keepSetupChecks(channel: StoredChannel, checks: SetupCheck[]): Promise<void> {
    const saved = await this.store.transaction(async (tx) => {
      const locked = await tx.lockChannel(channel.workspaceId, channel.id);
      if (!locked || locked.sealedToken !== channel.sealedToken || !['connected', 'setup_incomplete', 'expiring'].includes(locked.status)) return null;
      // An expiring token says more than the setup does: it stays `expiring` until reauthorized.
      return tx.saveChannel({ ...locked, setupChecks: checks, status: locked.status === 'expiring' ? 'expiring' : statusForChecks(checks) });
    });
    if (saved) this.changed(saved);
  }

  /** Runs a call to Meta with the channel's token: a 190 (token dead) marks the channel, then the error goes on. */
  private async atMeta<T>(channel: StoredChannel, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isChannelKitError(error) && error.reason === 'token_expired') {
        await this.applyMetaChange({ workspaceId: channel.workspaceId, channelId: channel.id }, 'token_revoked', tokenRevokedError(error.meta?.fbtraceId));
      }
      throw error;
    }
  }


  /** Tells Meta to stop delivering the channel's messages to the app; the failure, if it could not. */
  private async unsubscribeAtMeta(channel: StoredChannel): Promise<ChannelError | undefined> {
    const type = channel.type;
    if (channel.status === 'disconnected' || !channel.sealedToken || !this.meta.unsubscribe) return undefined;
    if (type !== 'facebook' && type !== 'instagram' && type !== 'whatsapp') return undefined;
    try {
      const token = await this.vault.open(channel.sealedToken);
      await this.meta.unsubscribe({ id: channel.accountId, type }, token);
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

  /** The policy's gate, asked with the channel as the elements see it (its wire shape, read as they read it). */
  private requireAllowed(identity: Identity, action: PermissionAction, channel?: ListedChannel, channelType?: string): void {
    const seen = channel && ChannelSchema.parse(toWire(channel, this.now()));
    requireAllowed(identity.viewer, this.policy, requestFor(action, seen, channelType));
  }

  /** An authorization already begun goes on only while the policy still allows what it was begun for. */
  private async requireMayContinue(identity: Identity, authorization: StoredAuthorization): Promise<void> {
    if (authorization.mode !== 'reauthorize') return this.requireAllowed(identity, 'connect', undefined, authorization.channelType);
    const channel = await this.channel(identity, authorization.channelId ?? '');
    this.requireAllowed(identity, reauthorizeAction(channel), channel);
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
    check: (current: StoredAuthorization) => { code: string; redirectUri: string; embeddedSignup?: ExchangeCodeInput['embeddedSignup'] } | undefined,
  ): Promise<StoredAuthorization> {
    return this.store.transaction(async (tx) => {
      const current = await this.lockedAuthorization(tx, identity, sessionId);
      const request = check(current);
      if (!request) return current;
      requirePending(current);
      const exchanged = await this.meta.exchangeCode({ ...request, channelType: current.channelType });
      const codeHash = await hashOfCode(request.code);
      return tx.saveAuthorization({
        ...current,
        status: 'completed',
        code: null,
        grant: {
          assets: exchanged.assets,
          sealedToken: await this.vault.seal(exchanged.accessToken),
          tokenExpiresAt: exchanged.tokenExpiresAt,
          userId: exchanged.userId ?? null,
          codeHash,
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

/** What a grant keeps of the code it was exchanged for: enough to know the same code again, not to use it. */
async function hashOfCode(code: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(code))));
}

function grantOf(authorization: StoredAuthorization, asset: MetaAsset, now: number) {
  const grant = authorization.grant!;
  return { asset, sealedToken: grant.sealedToken, tokenExpiresAt: grant.tokenExpiresAt, grantedBy: grant.userId ?? null, now };
}

/** What a channel says when Meta refused its token (190): reauthorize to fix it. */
export function tokenRevokedError(fbtraceId?: string): ChannelError {
  return { code: 'token_revoked', message: 'Meta no longer accepts this channel\'s access. Reauthorize it.', ...(fbtraceId ? { fbtraceId } : {}) };
}

function metaSetupFailure(error: unknown): ChannelError {
  const fbtraceId = isChannelKitError(error) ? error.meta?.fbtraceId : undefined;
  return {
    code: 'meta_setup_failed',
    message: 'Connected, but Meta did not accept setting up this account\'s messages (subscribing the app, or registering the number). Reauthorize it to try again.',
    ...(fbtraceId ? { fbtraceId } : {}),
  };
}

/** A WhatsApp number's two-step verification PIN (6 digits), from the CSPRNG. */
function randomPin(): string {
  return String(100_000 + (crypto.getRandomValues(new Uint32Array(1))[0]! % 900_000));
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
