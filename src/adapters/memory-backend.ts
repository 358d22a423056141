import * as z from 'zod/mini';
import type { AuthorizationResult, AuthorizationSession, Eligibility, GrantedAccount } from '../core/authorization.js';
import { ChannelSchema, WebchatDomainSchema, channelToWire, type Channel, type ChannelPage, type ChannelWire, type SetupCheck } from '../core/channel.js';
import { ChannelKitError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { canManageChannels, defaultPermissionPolicy, type PermissionPolicy } from '../permissions/policy.js';
import type {
  ChannelBackend,
  ChannelChange,
  ConnectAccountInput,
  CreateWebchatInput,
  FinishAuthorizationInput,
  ListChannelsOptions,
  ReauthorizeInput,
  StartAuthorizationInput,
} from './backend.js';
import type { MetaAccount, MetaWorld } from './meta-world.js';

const DAY = 86_400_000;
const TOKEN_LIFETIME = 60 * DAY;
const SESSION_LIFETIME = 15 * 60_000;
const MAX_PAGE = 500;

export interface MemoryBackendOptions {
  channels?: ChannelWire[];
  viewer?: Viewer;
  policy?: PermissionPolicy;
  /** The accounts the fake consent screen can grant. */
  world?: MetaWorld;
  /** Where the consent page lives; the session id and state are added as query parameters. */
  consentUrl?: string;
  /** The exact origin the callback page posts from. */
  callbackOrigin?: string;
  now?: () => number;
}

interface Session {
  public: AuthorizationSession;
  status: AuthorizationResult['status'];
  grantedIds: string[];
  /** The person unticked a permission on the consent screen. */
  permissionsDenied?: boolean;
  code?: string;
  /** The code may be exchanged once. */
  exchanged: boolean;
  error?: { code: string; message: string };
}

/**
 * A complete backend in memory, with the product's rules: managing needs permission; disconnecting
 * never deletes and keeps history; reauthorization must grant the channel's own account. The demo's
 * msw handlers put this same object behind the REST contract, so both adapters share one rulebook.
 */
export class MemoryBackend implements ChannelBackend {
  viewer: Viewer;
  readonly world: MetaWorld;
  // Parsed once and frozen, so reads can hand out the stored objects (10,000 rows cost no copies).
  private readonly channels = new Map<string, Channel>();
  private readonly order: string[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(change: ChannelChange) => void>();
  private readonly policy: PermissionPolicy;
  private readonly consentUrl: string;
  private readonly callbackOrigin: string;
  private readonly now: () => number;
  private nextId = 1;

  constructor(options: MemoryBackendOptions = {}) {
    this.viewer = options.viewer ?? { product: 'caac', role: 'owner' };
    this.world = options.world ?? { portfolios: [], accounts: [] };
    this.policy = options.policy ?? defaultPermissionPolicy;
    const origin = globalThis.location?.origin ?? 'http://localhost';
    this.consentUrl = options.consentUrl ?? `${origin}/fake-meta/consent.html`;
    this.callbackOrigin = options.callbackOrigin ?? origin;
    this.now = options.now ?? Date.now;
    for (const channel of options.channels ?? []) this.store(channel);
  }

  async getViewer(signal?: AbortSignal): Promise<Viewer> {
    await settle(signal);
    return { ...this.viewer };
  }

  async listChannels(options: ListChannelsOptions = {}, signal?: AbortSignal): Promise<ChannelPage> {
    await settle(signal);
    const start = options.cursor ? Number(options.cursor) : 0;
    if (!Number.isInteger(start) || start < 0) throw new ChannelKitError('invalid_request', 'Unknown cursor.', { status: 400 });
    const limit = Math.min(Math.max(options.limit ?? MAX_PAGE, 1), MAX_PAGE);
    const ids = this.order.slice(start, start + limit);
    const end = start + ids.length;
    return {
      channels: ids.map((id) => this.read(this.channels.get(id)!)),
      nextCursor: end < this.order.length ? String(end) : null,
      skipped: 0,
      total: this.order.length,
    };
  }

  async getChannel(channelId: string, signal?: AbortSignal): Promise<Channel> {
    await settle(signal);
    return this.read(this.find(channelId));
  }

  async startAuthorization(input: StartAuthorizationInput, signal?: AbortSignal): Promise<AuthorizationSession> {
    await settle(signal);
    this.requireManager();
    if (input.mode === 'reauthorize') {
      const channel = this.find(input.channelId ?? '');
      if (channel.type !== input.channelType) {
        throw new ChannelKitError('invalid_request', 'The channel is of another type.', { status: 400, code: 'type_mismatch' });
      }
    }
    const id = `auth_${randomToken(8)}`;
    const state = randomToken(24);
    const url = new URL(this.consentUrl);
    url.searchParams.set('session', id);
    url.searchParams.set('state', state);
    const session: AuthorizationSession = {
      id,
      mode: input.mode,
      channelType: input.channelType,
      channelId: input.channelId ?? null,
      state,
      authorizeUrl: url.href,
      callbackOrigin: this.callbackOrigin,
      // The fake Meta plays Embedded Signup from this origin; a real backend names facebook.com.
      flow: input.channelType === 'whatsapp' ? 'embedded_signup' : 'redirect',
      embeddedSignupOrigin: input.channelType === 'whatsapp' ? this.callbackOrigin : null,
      expiresAt: new Date(this.now() + SESSION_LIFETIME).toISOString(),
    };
    this.sessions.set(id, { public: session, status: 'pending', grantedIds: [], exchanged: false });
    return structuredClone(session);
  }

  /** The session as the consent screen sees it (which type and, for reauthorization, which account). */
  describeSession(sessionId: string): { session: AuthorizationSession; expectedAccountId: string | null } {
    const session = this.session(sessionId);
    const channelId = session.public.channelId;
    return {
      session: structuredClone(session.public),
      expectedAccountId: channelId ? (this.channels.get(channelId)?.accountId ?? null) : null,
    };
  }

  /** Accounts that have a live (not disconnected) channel here. */
  connectedAccountIds(): string[] {
    return [...this.channels.values()].filter((c) => c.status !== 'disconnected').map((c) => c.accountId);
  }

  /** What Meta's consent screen does when the person continues: records the grant, returns the code. */
  grant(sessionId: string, accountIds: string[], { permissionsGranted = true } = {}): { code: string } {
    const session = this.session(sessionId);
    this.requirePending(session);
    const unknown = accountIds.filter((id) => !this.world.accounts.some((a) => a.id === id));
    if (accountIds.length === 0 || unknown.length) {
      throw new ChannelKitError('invalid_request', 'Choose at least one account that exists.', { status: 400 });
    }
    session.grantedIds = [...accountIds];
    session.permissionsDenied = !permissionsGranted;
    session.code = randomToken(16);
    return { code: session.code };
  }

  /** The person closed or refused the consent screen, or Meta reported an error. */
  endSession(sessionId: string, outcome: 'cancelled' | { code: string; message: string }): void {
    const session = this.session(sessionId);
    this.requirePending(session);
    if (outcome === 'cancelled') session.status = 'cancelled';
    else {
      session.status = 'failed';
      session.error = outcome;
    }
  }

  async finishAuthorization(input: FinishAuthorizationInput, signal?: AbortSignal): Promise<AuthorizationResult> {
    await settle(signal);
    this.requireManager();
    const session = this.session(input.sessionId);
    if (input.state !== session.public.state) {
      throw new ChannelKitError('conflict', 'The authorization does not belong to this flow.', { status: 409, code: 'state_mismatch' });
    }
    if (session.exchanged || !session.code || input.code !== session.code) {
      throw new ChannelKitError('invalid_request', 'The authorization code is not valid.', { status: 400, code: 'invalid_code' });
    }
    this.requirePending(session);
    session.exchanged = true;
    session.status = 'completed';
    return this.result(session);
  }

  async getAuthorization(sessionId: string, signal?: AbortSignal): Promise<AuthorizationResult> {
    await settle(signal);
    const session = this.session(sessionId);
    // Without COOP access the browser never sees the code; the backend finishes the exchange itself.
    if (session.status === 'pending' && session.code && !session.exchanged) {
      session.exchanged = true;
      session.status = 'completed';
    }
    return this.result(session);
  }

  async connectAccount(input: ConnectAccountInput, signal?: AbortSignal): Promise<Channel> {
    await settle(signal);
    this.requireManager();
    const session = this.completedSession(input.sessionId, 'connect');
    const account = this.grantedAccount(session, input.accountId);
    const eligibility = this.eligibility(account, session);
    if (eligibility !== 'eligible') throw eligibilityError(eligibility);
    const previous = [...this.channels.values()].find((c) => c.accountId === account.id && c.type === account.type);
    const channel: ChannelWire = {
      id: previous?.id ?? this.newId(),
      type: account.type,
      name: account.name,
      accountId: account.id,
      avatarUrl: null,
      status: account.type === 'whatsapp' || account.routingConfigured ? 'connected' : 'setup_incomplete',
      connectedAt: new Date(this.now()).toISOString(),
      disconnectedAt: null,
      tokenExpiresAt: new Date(this.now() + TOKEN_LIFETIME).toISOString(),
      lastError: null,
      setupChecks: setupChecksFor(account),
    };
    return this.save(channel);
  }

  async createWebchat(input: CreateWebchatInput, signal?: AbortSignal) {
    await settle(signal);
    this.requireManager();
    const name = input.name.trim();
    const badDomain = input.domains.find((d) => !z.safeParse(WebchatDomainSchema, d).success);
    if (!name || input.domains.length === 0 || badDomain !== undefined) {
      throw new ChannelKitError('invalid_request', badDomain ? `Not a domain: ${badDomain}` : 'A name and at least one domain are needed.', {
        status: 400,
        code: 'invalid_webchat',
      });
    }
    const id = this.newId();
    const channel = this.save({
      id,
      type: 'webchat',
      name,
      accountId: `web_${id}`,
      avatarUrl: null,
      status: 'connected',
      connectedAt: new Date(this.now()).toISOString(),
      disconnectedAt: null,
      tokenExpiresAt: null,
      lastError: null,
      setupChecks: [],
    });
    return { channel, snippet: webchatSnippet(id, this.callbackOrigin) };
  }

  async disconnect(channelId: string, signal?: AbortSignal): Promise<Channel> {
    await settle(signal);
    this.requireManager();
    const channel = this.find(channelId);
    this.requireManageable(channel);
    if (channel.status === 'disconnected') return this.read(channel);
    return this.save({ ...channelToWire(channel), status: 'disconnected', disconnectedAt: new Date(this.now()).toISOString() });
  }

  async reauthorize(input: ReauthorizeInput, signal?: AbortSignal): Promise<Channel> {
    await settle(signal);
    this.requireManager();
    const channel = this.find(input.channelId);
    this.requireManageable(channel);
    const session = this.completedSession(input.sessionId, 'reauthorize');
    if (session.public.channelId !== channel.id) {
      throw new ChannelKitError('conflict', 'This authorization was started for another channel.', { status: 409, code: 'session_mismatch' });
    }
    const account = this.grantedAccount(session, input.accountId);
    if (account.id !== channel.accountId) {
      throw new ChannelKitError('conflict', 'You authorized a different account.', { status: 409, code: 'different_account' });
    }
    const eligibility = this.eligibility(account, session);
    if (eligibility !== 'eligible') throw eligibilityError(eligibility);
    return this.save({
      ...channelToWire(channel),
      status: channel.type === 'whatsapp' || account.routingConfigured ? 'connected' : 'setup_incomplete',
      connectedAt: channel.status === 'disconnected' ? new Date(this.now()).toISOString() : channel.connectedAt,
      disconnectedAt: null,
      tokenExpiresAt: new Date(this.now() + TOKEN_LIFETIME).toISOString(),
      lastError: null,
      setupChecks: setupChecksFor(account),
    });
  }

  async getSetupChecks(channelId: string, signal?: AbortSignal): Promise<SetupCheck[]> {
    await settle(signal);
    const channel = this.find(channelId);
    const account = this.world.accounts.find((a) => a.id === channel.accountId);
    const checks = account ? setupChecksFor(account) : (channel.setupChecks ?? []);
    return checks.map((c) => ({ ...c, applies: c.applies ?? true }));
  }

  subscribe(listener: (change: ChannelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test and demo helper: change a channel as if it happened elsewhere, and tell subscribers. */
  update(channelId: string, patch: Partial<ChannelWire>): Channel {
    return this.save({ ...channelToWire(this.find(channelId)), ...patch, id: channelId });
  }

  private read(channel: Channel): Channel {
    const expires = channel.tokenExpiresAt ? Date.parse(channel.tokenExpiresAt) : NaN;
    const live = channel.status === 'connected' || channel.status === 'expiring' || channel.status === 'setup_incomplete';
    if (live && expires <= this.now()) return Object.freeze({ ...channel, status: 'token_expired', rawStatus: 'token_expired' });
    return channel;
  }

  private store(wire: ChannelWire): Channel {
    const channel = ChannelSchema.parse(wire);
    Object.freeze(channel.setupChecks);
    if (channel.lastError) Object.freeze(channel.lastError);
    if (!this.channels.has(channel.id)) this.order.push(channel.id);
    this.channels.set(channel.id, Object.freeze(channel));
    return channel;
  }

  private save(wire: ChannelWire): Channel {
    const channel = this.read(this.store(wire));
    for (const listener of this.listeners) listener({ kind: 'upsert', channel });
    return channel;
  }

  private find(channelId: string): Channel {
    const channel = this.channels.get(channelId);
    if (!channel) throw new ChannelKitError('not_found', 'No such channel.', { status: 404, code: 'channel_not_found' });
    return channel;
  }

  private newId(): string {
    while (this.channels.has(`ch_${this.nextId}`)) this.nextId++;
    return `ch_${this.nextId++}`;
  }

  private requireManager(): void {
    if (!canManageChannels(this.viewer, this.policy)) {
      throw new ChannelKitError('permission', 'Only the Owner or a Primary admin can manage channels.', {
        status: 403,
        code: 'not_allowed',
      });
    }
  }

  private requireManageable(channel: Channel): void {
    if (channel.type === 'line' || channel.type === 'unknown' || channel.status === 'unknown') {
      throw new ChannelKitError('conflict', 'This channel is managed elsewhere.', { status: 409, code: 'not_manageable' });
    }
  }

  private session(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ChannelKitError('not_found', 'No such authorization.', { status: 404, code: 'session_not_found' });
    if (session.status === 'pending' && Date.parse(session.public.expiresAt) <= this.now()) session.status = 'expired';
    return session;
  }

  private requirePending(session: Session): void {
    if (session.status === 'expired') {
      throw new ChannelKitError('conflict', 'The authorization expired. Start again.', { status: 409, code: 'session_expired' });
    }
    if (session.status !== 'pending') {
      throw new ChannelKitError('conflict', 'The authorization has already ended.', { status: 409, code: 'session_ended' });
    }
  }

  private completedSession(sessionId: string, mode: Session['public']['mode']): Session {
    const session = this.session(sessionId);
    if (session.status !== 'completed' || session.public.mode !== mode) {
      throw new ChannelKitError('conflict', 'The authorization is not complete.', { status: 409, code: 'session_not_completed' });
    }
    return session;
  }

  private grantedAccount(session: Session, accountId: string): MetaAccount {
    const account = session.grantedIds.includes(accountId)
      ? this.world.accounts.find((a) => a.id === accountId)
      : undefined;
    if (!account) {
      throw new ChannelKitError('invalid_request', 'That account was not granted in this authorization.', {
        status: 400,
        code: 'account_not_granted',
      });
    }
    return account;
  }

  private eligibility(account: MetaAccount, session: Session): Eligibility {
    if (account.type !== session.public.channelType) return 'missing_permission';
    if (account.permissionsGranted === false || session.permissionsDenied) return 'missing_permission';
    if (account.type === 'instagram' && account.isBusiness === false) return 'not_business_account';
    if (account.type === 'instagram' && account.pageInPortfolio === false) return 'page_not_in_portfolio';
    const existing = [...this.channels.values()].find((c) => c.accountId === account.id);
    const reauthorizingIt = session.public.mode === 'reauthorize' && existing?.id === session.public.channelId;
    if (existing && existing.status !== 'disconnected' && !reauthorizingIt) return 'already_connected';
    return 'eligible';
  }

  private result(session: Session): AuthorizationResult {
    const accounts: GrantedAccount[] =
      session.status === 'completed'
        ? session.grantedIds.flatMap((id) => {
            const account = this.world.accounts.find((a) => a.id === id);
            if (!account) return [];
            const portfolio = this.world.portfolios.find((p) => p.id === account.portfolioId);
            const existing = [...this.channels.values()].find((c) => c.accountId === id);
            return [
              {
                id: account.id,
                type: account.type,
                name: account.name,
                username: account.username ?? null,
                avatarUrl: null,
                portfolio: portfolio ? { ...portfolio } : null,
                eligibility: this.eligibility(account, session),
                channelId: existing?.id ?? null,
              },
            ];
          })
        : [];
    return { sessionId: session.public.id, status: session.status, accounts, error: session.error ?? null };
  }
}

function eligibilityError(eligibility: Exclude<Eligibility, 'eligible'>): ChannelKitError {
  const messages: Record<typeof eligibility, string> = {
    already_connected: 'This account is already connected.',
    not_business_account: 'This Instagram account is not a business account.',
    page_not_in_portfolio: 'The account is not linked to a Facebook Page in this business portfolio.',
    missing_permission: 'A permission the connection needs was not granted.',
  };
  return new ChannelKitError('conflict', messages[eligibility], { status: 409, code: eligibility });
}

function setupChecksFor(account: MetaAccount): SetupCheck[] {
  if (account.type === 'whatsapp') return [];
  const routing = account.routingConfigured ? 'verified' : 'not_verified';
  return [
    { id: 'default_routing_app', state: routing, applies: true },
    { id: 'connected_app', state: 'verified', applies: true },
    { id: 'handover_primary_receiver', state: routing, applies: account.usesHandoverProtocol === true },
  ];
}

function webchatSnippet(channelId: string, origin: string): string {
  return `<script async src="${origin}/webchat/loader.js" data-channel-id="${channelId}"></script>`;
}

function randomToken(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Lets the call be asynchronous like a real one, and honours an abort that came first. */
async function settle(signal?: AbortSignal): Promise<void> {
  await Promise.resolve();
  if (signal?.aborted) throw new ChannelKitError('aborted', 'The request was cancelled.');
}
