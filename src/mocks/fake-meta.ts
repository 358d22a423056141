import type { AuthorizableType } from '../core/authorization.js';
import type { SetupCheck } from '../core/channel.js';
import { ChannelKitError } from '../core/errors.js';
import type { AuthorizeUrlInput, ExchangeCodeInput, ExchangedCode, MetaAsset, MetaClient } from '../server/meta/meta-client.js';
import { randomId } from '../server/rules/authorizations.js';
import { setupChecksFor } from '../server/rules/channel-rules.js';
import { metaEligibility } from '../server/rules/eligibility.js';
import type { MetaAccount, MetaWorld } from './meta-world.js';

const DAY = 86_400_000;
const CODE_LIFETIME_MS = 10 * 60_000;

export interface FakeMetaOptions {
  world: MetaWorld;
  /** The consent page (the demo's `fake-meta/consent.html`). */
  consentUrl: string;
  tokenLifetimeMs?: number;
  now?: () => number;
}

interface IssuedCode {
  accountIds: string[];
  channelType: AuthorizableType;
  redirectUri: string;
  permissionsGranted: boolean;
  issuedAt: number;
}

/** What the consent page shows for one channel type. */
export interface ConsentView {
  portfolios: { id: string; name: string }[];
  accounts: (MetaAccount & { ineligibility: string | null })[];
}

/**
 * The demo's and the tests' stand-in for Meta: a small world of business portfolios and accounts, a
 * consent page that grants some of them, and the code exchange the server does afterwards. It is a
 * `MetaClient`, so the server knows it only through the port the Graph API client fills.
 */
export class FakeMeta implements MetaClient {
  readonly world: MetaWorld;
  private readonly consentUrl: string;
  private readonly tokenLifetimeMs: number;
  private readonly now: () => number;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, string[]>();
  /** The assets the app is subscribed to (after a connect). */
  private readonly subscribed = new Set<string>();

  constructor(options: FakeMetaOptions) {
    this.world = options.world;
    this.consentUrl = options.consentUrl;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 60 * DAY;
    this.now = options.now ?? Date.now;
  }

  authorizeUrl(input: AuthorizeUrlInput): string {
    const url = new URL(this.consentUrl);
    url.searchParams.set('client_id', 'channel-kit-demo');
    url.searchParams.set('config_id', `demo_${input.channelType}`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', input.state);
    url.searchParams.set('redirect_uri', input.redirectUri);
    if (input.reauthorize) url.searchParams.set('auth_type', 'rerequest');
    return url.href;
  }

  embeddedSignupOrigin(channelType: AuthorizableType): string | null {
    return channelType === 'whatsapp' ? new URL(this.consentUrl).origin : null;
  }

  /** The consent page: the portfolios and accounts of one type, each with what Meta's facts say of it. */
  consentView(channelType: AuthorizableType): ConsentView {
    const accounts = this.world.accounts.filter((a) => a.type === channelType);
    return {
      portfolios: this.world.portfolios.filter((p) => accounts.some((a) => a.portfolioId === p.id)),
      accounts: accounts.map((a) => {
        const verdict = metaEligibility(this.asset(a), channelType);
        return { ...a, ineligibility: verdict === 'eligible' ? null : verdict };
      }),
    };
  }

  /** The person chose accounts and continued: Meta issues a code for the redirect. */
  grant(input: { channelType: AuthorizableType; accountIds: string[]; redirectUri: string; permissionsGranted?: boolean }): { code: string } {
    const known = input.accountIds.every((id) => this.world.accounts.some((a) => a.id === id && a.type === input.channelType));
    if (input.accountIds.length === 0 || !known) {
      throw new ChannelKitError('invalid_request', 'Choose at least one account that exists.', { status: 400 });
    }
    const code = `code_${randomId(12)}`;
    this.codes.set(code, {
      accountIds: [...input.accountIds],
      channelType: input.channelType,
      redirectUri: input.redirectUri,
      permissionsGranted: input.permissionsGranted ?? true,
      issuedAt: this.now(),
    });
    return { code };
  }

  async exchangeCode(input: ExchangeCodeInput): Promise<ExchangedCode> {
    const issued = this.codes.get(input.code);
    this.codes.delete(input.code);
    const valid =
      issued &&
      issued.redirectUri === input.redirectUri &&
      issued.channelType === input.channelType &&
      this.now() - issued.issuedAt < CODE_LIFETIME_MS;
    if (!valid) throw new ChannelKitError('invalid_request', 'The authorization code is not valid.', { status: 400, code: 'invalid_code' });
    const accessToken = `EAAFake${randomId(12)}`;
    this.tokens.set(accessToken, issued.accountIds);
    const assets = issued.accountIds.map((id) => ({
      ...this.asset(this.world.accounts.find((a) => a.id === id)!),
      permissionsGranted: issued.permissionsGranted && this.world.accounts.find((a) => a.id === id)!.permissionsGranted !== false,
    }));
    return { accessToken, tokenExpiresAt: new Date(this.now() + this.tokenLifetimeMs).toISOString(), assets };
  }

  async subscribe(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<void> {
    if (!this.tokens.get(accessToken)?.includes(asset.id)) throw new ChannelKitError('meta', 'Unsupported post request.', { status: 400, meta: { code: 100 } });
    this.subscribed.add(asset.id);
  }

  /** What the world says of the routing setup, and whether the app is subscribed to the asset. */
  async setupChecks(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<SetupCheck[] | null> {
    if (!this.tokens.get(accessToken)?.includes(asset.id)) return null;
    const account = this.world.accounts.find((a) => a.id === asset.id);
    if (!account) return null;
    const subscribed = this.subscribed.has(asset.id) ? 'verified' : 'not_verified';
    return setupChecksFor(this.asset(account)).map((check) => (check.id === 'connected_app' ? { ...check, state: subscribed } : check));
  }

  private asset(account: MetaAccount): MetaAsset {
    const portfolio = this.world.portfolios.find((p) => p.id === account.portfolioId) ?? null;
    return {
      id: account.id,
      type: account.type,
      name: account.name,
      username: account.username ?? null,
      portfolio: portfolio ? { ...portfolio } : null,
      isBusiness: account.isBusiness,
      pageInPortfolio: account.pageInPortfolio,
      permissionsGranted: account.permissionsGranted,
      routingConfigured: account.routingConfigured,
      usesHandoverProtocol: account.usesHandoverProtocol,
    };
  }
}
