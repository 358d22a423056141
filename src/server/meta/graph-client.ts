import { createHmac } from 'node:crypto';
import type { AuthorizableType } from '../../core/authorization.js';
import type { SetupCheck } from '../../core/channel.js';
import { ChannelKitError, reasonForMetaCode, type MetaErrorInfo } from '../../core/errors.js';
import type { AuthorizeUrlInput, ExchangeCodeInput, ExchangedCode, MetaAsset, MetaClient, TokenHealth } from './meta-client.js';

export interface GraphApiClientOptions {
  appId: string;
  appSecret: string;
  /** The Login for Business configuration per channel type (made in the app dashboard). */
  configIds: Record<AuthorizableType, string>;
  /** Default `https://graph.facebook.com` (a Graph API emulator's origin in tests). */
  graphBaseUrl?: string;
  /** Default `https://www.facebook.com`: where the login dialog is. */
  dialogBaseUrl?: string;
  /** Default `v25.0`. */
  version?: string;
  fetch?: typeof fetch;
  /** Codes 1 and 2 (transient) are retried: `attempts` calls in all, waiting `baseDelayMs`, doubled each time. */
  retry?: { attempts?: number; baseDelayMs?: number };
  now?: () => number;
  /** The webhook fields `subscribe` asks for on a Page. */
  pageSubscribedFields?: string[];
  /** Upper bound on the pages of a paged list this client follows. */
  maxPages?: number;
  /** Per call (default 15 s): a hung Meta must not hold the caller (and its transaction) forever. */
  timeoutMs?: number;
}

/** What `debug_token` says of a token (META-API §1). */
export interface TokenDebug {
  isValid: boolean;
  type: string | null;
  userId: string | null;
  /** null: never expires (`expires_at: 0`, read as "never" by implementers) or not given. */
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  scopes: string[];
  /** null when Meta gave no `granular_scopes`. */
  granularScopes: { scope: string; targetIds: string[] | null }[] | null;
  error: { code: number | null; subcode: number | null; message: string | null } | null;
}

const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2]);

/** The permissions that must be granted for the very asset (its id in `granular_scopes.target_ids`). */
const REQUIRED_SCOPES: Record<AuthorizableType, readonly string[]> = {
  facebook: ['pages_messaging', 'pages_manage_metadata'],
  instagram: ['instagram_basic', 'instagram_manage_messages'],
  whatsapp: ['whatsapp_business_management', 'whatsapp_business_messaging'],
};
const MESSAGING_TASKS = ['MESSAGING', 'MODERATE'];
const DEFAULT_PAGE_FIELDS = ['messages', 'messaging_postbacks', 'message_deliveries', 'message_reads', 'message_echoes'];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const seconds = (v: unknown): string | null => {
  const n = num(v);
  return n ? new Date(n * 1000).toISOString() : null;
};

/**
 * How long to wait before calling again, from the usage headers: the longest
 * `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage` (minutes, per Meta's rate-limiting
 * page; META-API §7 names the field but not its unit). `X-App-Usage` gives percentages only.
 */
export function retryAfterFromUsage(headers: Headers): number | undefined {
  let minutes: number | undefined;
  for (const name of ['x-business-use-case-usage', 'x-ad-account-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const parsed = obj(JSON.parse(raw));
      const entries = name === 'x-ad-account-usage' ? [parsed] : Object.values(parsed ?? {}).flatMap((v) => arr(v));
      for (const entry of entries) {
        const value = num(obj(entry)?.estimated_time_to_regain_access);
        if (value !== null && value > 0) minutes = Math.max(minutes ?? 0, value);
      }
    } catch {
      // An unreadable header is no evidence.
    }
  }
  return minutes === undefined ? undefined : minutes * 60_000;
}

/** Meta's error envelope → the kit's error, `fbtrace_id` kept as the support id. */
export function graphError(body: unknown, headers: Headers, status: number): ChannelKitError {
  const error = obj(obj(body)?.error);
  const code = num(error?.code);
  if (!error || code === null) {
    return new ChannelKitError('meta', `Meta answered HTTP ${status} without an error description.`, { status: 502, code: 'meta_error' });
  }
  const meta: MetaErrorInfo = { code };
  const subcode = num(error.error_subcode);
  if (subcode !== null) meta.subcode = subcode;
  const fbtraceId = str(error.fbtrace_id);
  if (fbtraceId) meta.fbtraceId = fbtraceId;
  const userMessage = str(error.error_user_msg);
  if (userMessage) meta.userMessage = userMessage;
  const userTitle = str(error.error_user_title);
  if (userTitle) meta.userTitle = userTitle;
  const rateLimited = reasonForMetaCode(code) === 'rate_limited';
  return new ChannelKitError('meta', str(error.message) ?? 'Meta refused the request.', {
    status: 502,
    code: 'meta_error',
    meta,
    reason: reasonForMetaCode(code),
    retryAfterMs: rateLimited ? retryAfterFromUsage(headers) : undefined,
  });
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  token?: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

interface PageRef {
  id: string;
  name: string;
  accessToken: string | null;
  tasks: string[];
}

/**
 * The server's Meta port over Meta's Graph API, with `fetch` only. The Graph base URL is a setting, so
 * tests and the demo point it at the Graph API emulator (`channel-kit/testing`) and production at Meta.
 */
export class GraphApiClient implements MetaClient {
  private readonly options: GraphApiClientOptions;
  private readonly graphBase: string;
  private readonly dialogBase: string;
  private readonly version: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(options: GraphApiClientOptions) {
    this.options = options;
    this.graphBase = (options.graphBaseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.dialogBase = (options.dialogBaseUrl ?? 'https://www.facebook.com').replace(/\/+$/, '');
    this.version = options.version ?? 'v25.0';
    this.fetch = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
  }

  authorizeUrl(input: AuthorizeUrlInput): string {
    const url = new URL(`${this.dialogBase}/${this.version}/dialog/oauth`);
    url.searchParams.set('client_id', this.options.appId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('config_id', this.options.configIds[input.channelType]);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('override_default_response_type', 'true');
    if (input.channelType === 'whatsapp') url.searchParams.set('extras', JSON.stringify({ setup: {} }));
    if (input.reauthorize) url.searchParams.set('auth_type', 'rerequest');
    return url.href;
  }

  embeddedSignupOrigin(channelType: AuthorizableType): string | null {
    return channelType === 'whatsapp' ? new URL(this.dialogBase).origin : null;
  }

  async exchangeCode(input: ExchangeCodeInput): Promise<ExchangedCode> {
    // WhatsApp is Embedded Signup: its code is exchanged at once and without redirect_uri (META-API §1, §6).
    const short = await this.call('/oauth/access_token', {
      query: {
        client_id: this.options.appId,
        client_secret: this.options.appSecret,
        code: input.code,
        ...(input.channelType === 'whatsapp' ? {} : { redirect_uri: input.redirectUri }),
      },
    });
    const shortToken = this.requireToken(short);
    const long = await this.call('/oauth/access_token', {
      query: { grant_type: 'fb_exchange_token', client_id: this.options.appId, client_secret: this.options.appSecret, fb_exchange_token: shortToken },
    });
    const accessToken = this.requireToken(long);
    const debug = await this.debugToken(accessToken);
    if (!debug.isValid) throw new ChannelKitError('meta', 'Meta says the new access token is not valid.', { status: 502, code: 'meta_error', reason: 'token_expired' });
    const expiresIn = num(long.expires_in);
    const tokenExpiresAt = expiresIn ? new Date(this.now() + expiresIn * 1000).toISOString() : debug.expiresAt;

    const businesses = await this.chosenBusinesses(accessToken, debug);
    let assets: MetaAsset[];
    if (input.channelType === 'facebook') assets = await this.facebookAssets(accessToken, debug);
    else if (input.channelType === 'instagram') assets = await this.instagramAssets(accessToken, debug, businesses);
    else assets = await this.whatsappAssets(accessToken, debug, businesses, input.embeddedSignup);
    return { accessToken, tokenExpiresAt, userId: debug.userId, assets };
  }

  async setupChecks(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<SetupCheck[] | null> {
    if (asset.type === 'whatsapp') {
      const waba = await this.wabaOf(asset.id, accessToken);
      if (!waba) return null;
      const apps = await this.call(`/${waba}/subscribed_apps`, { token: accessToken });
      return [{ id: 'connected_app', state: this.listsThisApp(apps) ? 'verified' : 'not_verified', applies: true }];
    }
    const page = await this.pageOf(asset, accessToken);
    if (!page?.accessToken) return null;
    const apps = await this.call(`/${page.id}/subscribed_apps`, { token: page.accessToken });
    const features = await this.call('/me', { token: page.accessToken, query: { fields: 'messaging_feature_status' } });
    // The doc shows `{hop_v2, msgr_multi_app, ig_multi_app}`; Graph nests a requested field under its name: read both.
    const status = obj(features.messaging_feature_status) ?? features;
    const multiApp = asset.type === 'instagram' ? status.ig_multi_app : status.msgr_multi_app;
    return [
      // No documented API returns a Page's default routing app (META-API §5): never a tick without evidence.
      { id: 'default_routing_app', state: 'unknown', applies: true },
      { id: 'connected_app', state: this.listsThisApp(apps) ? 'verified' : 'not_verified', applies: true },
      // Inference: a Page without multi-app Conversation Routing still uses the Handover Protocol.
      { id: 'handover_primary_receiver', state: 'unknown', applies: multiApp === false },
    ];
  }

  /** Subscribes the app to the asset's webhooks: the Page (with its Page token) or the WABA. */
  async subscribe(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<void> {
    const target = await this.subscriptionTarget(asset, accessToken);
    const answer = await this.call(`/${target.id}/subscribed_apps`, {
      method: 'POST',
      token: target.token,
      form: target.page ? { subscribed_fields: (this.options.pageSubscribedFields ?? DEFAULT_PAGE_FIELDS).join(',') } : {},
    });
    this.requireSuccess(answer);
  }

  /** Unsubscribes the app from the asset (Disconnect). Rejects when Meta refuses (app gone, token dead). */
  async unsubscribe(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<void> {
    const target = await this.subscriptionTarget(asset, accessToken);
    this.requireSuccess(await this.call(`/${target.id}/subscribed_apps`, { method: 'DELETE', token: target.token }));
  }

  /** Registers a WhatsApp number for Cloud API messaging with its 6-digit PIN (not for a number on the WhatsApp Business app). */
  async registerPhoneNumber(phoneNumberId: string, pin: string, accessToken: string): Promise<void> {
    this.requireSuccess(await this.call(`/${phoneNumberId}/register`, { method: 'POST', token: accessToken, form: { messaging_product: 'whatsapp', pin } }));
  }

  /** The scheduled health check's reading of a stored token. */
  async tokenHealth(accessToken: string): Promise<TokenHealth> {
    const debug = await this.debugToken(accessToken);
    return { isValid: debug.isValid, expiresAt: debug.expiresAt, dataAccessExpiresAt: debug.dataAccessExpiresAt, error: debug.error };
  }

  /** `GET /debug_token` with the app token. */
  async debugToken(token: string): Promise<TokenDebug> {
    const answer = await this.call('/debug_token', { token: `${this.options.appId}|${this.options.appSecret}`, query: { input_token: token } });
    const data = obj(answer.data) ?? {};
    const granular = Array.isArray(data.granular_scopes)
      ? data.granular_scopes.map((g) => ({
          scope: str(obj(g)?.scope) ?? '',
          targetIds: Array.isArray(obj(g)?.target_ids) ? arr(obj(g)?.target_ids).map(str).filter((s): s is string => s !== null) : null,
        }))
      : null;
    const error = obj(data.error);
    return {
      isValid: data.is_valid === true,
      type: str(data.type),
      userId: str(data.user_id),
      // `expires_at: 0` is read as "never" (unconfirmed in Meta's docs).
      expiresAt: seconds(data.expires_at),
      dataAccessExpiresAt: seconds(data.data_access_expires_at),
      scopes: arr(data.scopes).map(str).filter((s): s is string => s !== null),
      granularScopes: granular,
      error: error ? { code: num(error.code), subcode: num(error.subcode), message: str(error.message) } : null,
    };
  }

  // ---- Discovery --------------------------------------------------------------------------------

  /** Whether every permission the channel needs was granted for this very asset (`granular_scopes.target_ids`). */
  private grantedFor(debug: TokenDebug, type: AuthorizableType, assetId: string): boolean {
    return REQUIRED_SCOPES[type].every((scope) => {
      const entry = debug.granularScopes?.find((g) => g.scope === scope);
      if (!entry) return false;
      // A granular scope without target_ids names no asset: only the token-wide `scopes` say anything then.
      return entry.targetIds ? entry.targetIds.includes(assetId) : debug.scopes.includes(scope);
    });
  }

  /** The business portfolios the person chose: `business_management`'s target ids, named by `/me/businesses`. */
  private async chosenBusinesses(token: string, debug: TokenDebug): Promise<{ id: string; name: string }[]> {
    const ids = debug.granularScopes?.find((g) => g.scope === 'business_management')?.targetIds ?? null;
    let listed: { id: string; name: string }[] = [];
    if (debug.scopes.includes('business_management')) {
      listed = (await this.all('/me/businesses', token, { fields: 'id,name' }))
        .map((b) => ({ id: str(obj(b)?.id) ?? '', name: str(obj(b)?.name) ?? '' }))
        .filter((b) => b.id);
    }
    if (!ids) return listed;
    return ids.map((id) => listed.find((b) => b.id === id) ?? { id, name: id });
  }

  private async grantedPages(token: string): Promise<PageRef[]> {
    const pages = await this.all('/me/accounts', token, { fields: 'id,name,access_token,category,category_list,tasks' });
    return pages
      .map((p) => obj(p) ?? {})
      .map((p) => ({ id: str(p.id) ?? '', name: str(p.name) ?? '', accessToken: str(p.access_token), tasks: arr(p.tasks).map(str).filter((t): t is string => t !== null) }))
      .filter((p) => p.id);
  }

  private async pageFields(pageId: string, token: string, fields: string): Promise<Json> {
    return this.call(`/${pageId}`, { token, query: { fields } });
  }

  private business(page: Json): { id: string; name: string } | null {
    const business = obj(page.business);
    const id = str(business?.id);
    return id ? { id, name: str(business?.name) ?? id } : null;
  }

  private async facebookAssets(token: string, debug: TokenDebug): Promise<MetaAsset[]> {
    const assets: MetaAsset[] = [];
    for (const page of await this.grantedPages(token)) {
      // Messaging needs the MESSAGING and MODERATE tasks on the Page (META-API §2).
      if (!MESSAGING_TASKS.every((t) => page.tasks.includes(t))) continue;
      const fields = await this.pageFields(page.id, token, 'business');
      assets.push({
        id: page.id,
        type: 'facebook',
        name: page.name,
        username: null,
        portfolio: this.business(fields),
        permissionsGranted: this.grantedFor(debug, 'facebook', page.id),
      });
    }
    return assets;
  }

  private async instagramAssets(token: string, debug: TokenDebug, chosen: { id: string; name: string }[]): Promise<MetaAsset[]> {
    const assets: MetaAsset[] = [];
    for (const page of await this.grantedPages(token)) {
      const fields = await this.pageFields(page.id, token, 'instagram_business_account{id,username,name,profile_picture_url},business');
      const ig = obj(fields.instagram_business_account);
      const pageBusiness = this.business(fields);
      const portfolio = chosen.length === 1 ? chosen[0]! : pageBusiness;
      const igId = str(ig?.id);
      if (!ig || !igId) {
        // No professional Instagram account is linked to this Page: Meta names no account, so the
        // Page stands for it, as "not a business account".
        assets.push({ id: page.id, type: 'instagram', name: page.name, username: null, portfolio, isBusiness: false, pageInPortfolio: undefined, permissionsGranted: undefined, pageId: page.id });
        continue;
      }
      if (assets.some((a) => a.id === igId)) continue;
      assets.push({
        id: igId,
        type: 'instagram',
        name: str(ig.name) ?? str(ig.username) ?? igId,
        username: str(ig.username),
        portfolio,
        isBusiness: true,
        // An inference: no documented API says "IG account and Page in the same portfolio" (META-API §2),
        // so the Page's `business` is compared with the business the person chose in the dialog.
        pageInPortfolio: chosen.length ? chosen.some((b) => b.id === pageBusiness?.id) : undefined,
        permissionsGranted: this.grantedFor(debug, 'instagram', igId),
        pageId: page.id,
      });
    }
    return assets;
  }

  private async whatsappAssets(
    token: string,
    debug: TokenDebug,
    chosen: { id: string; name: string }[],
    signup: ExchangeCodeInput['embeddedSignup'],
  ): Promise<MetaAsset[]> {
    // The WABA from Embedded Signup's message; without it, the WABAs the management permission was granted for.
    const wabaIds = signup?.wabaId ? [signup.wabaId] : (debug.granularScopes?.find((g) => g.scope === 'whatsapp_business_management')?.targetIds ?? []);
    const assets: MetaAsset[] = [];
    for (const wabaId of wabaIds) {
      const portfolio = chosen.length === 1 ? chosen[0]! : null;
      if (!this.grantedFor(debug, 'whatsapp', wabaId)) {
        // Without the WhatsApp permissions for this WABA Meta will not list its numbers: the number
        // Embedded Signup named stands for itself (its id as its name), as "a permission is missing".
        if (signup?.phoneNumberId) assets.push({ id: signup.phoneNumberId, type: 'whatsapp', name: signup.phoneNumberId, username: null, portfolio, permissionsGranted: false, wabaId });
        continue;
      }
      const numbers = await this.all(`/${wabaId}/phone_numbers`, token, {
        fields: 'id,display_phone_number,verified_name,status,quality_rating,code_verification_status,platform_type',
      });
      for (const raw of numbers) {
        const n = obj(raw) ?? {};
        const id = str(n.id);
        if (!id || (signup?.phoneNumberId && signup.phoneNumberId !== id)) continue;
        assets.push({
          id,
          type: 'whatsapp',
          name: str(n.display_phone_number) ?? str(n.verified_name) ?? id,
          username: null,
          portfolio,
          permissionsGranted: true,
          wabaId,
          ...(signup?.onBusinessApp ? { onBusinessApp: true } : {}),
        });
      }
    }
    return assets;
  }

  private async pageOf(asset: { id: string; type: AuthorizableType }, token: string): Promise<PageRef | null> {
    const pages = await this.grantedPages(token);
    if (asset.type === 'facebook') return pages.find((p) => p.id === asset.id) ?? null;
    for (const page of pages) {
      if (page.id === asset.id) return page;
      const fields = await this.pageFields(page.id, token, 'instagram_business_account{id}');
      if (str(obj(fields.instagram_business_account)?.id) === asset.id) return page;
    }
    return null;
  }

  private async wabaOf(phoneNumberId: string, token: string): Promise<string | null> {
    const debug = await this.debugToken(token);
    for (const wabaId of debug.granularScopes?.find((g) => g.scope === 'whatsapp_business_management')?.targetIds ?? []) {
      const numbers = await this.all(`/${wabaId}/phone_numbers`, token, { fields: 'id' });
      if (numbers.some((n) => str(obj(n)?.id) === phoneNumberId)) return wabaId;
    }
    return null;
  }

  private async subscriptionTarget(asset: { id: string; type: AuthorizableType }, token: string): Promise<{ id: string; token: string; page: boolean }> {
    if (asset.type === 'whatsapp') {
      const waba = await this.wabaOf(asset.id, token);
      if (!waba) throw new ChannelKitError('not_found', 'Meta lists no WhatsApp Business account holding this number for this token.', { status: 502, code: 'meta_error' });
      return { id: waba, token, page: false };
    }
    const page = await this.pageOf(asset, token);
    if (!page?.accessToken) throw new ChannelKitError('not_found', 'Meta lists no Page for this account and token.', { status: 502, code: 'meta_error' });
    return { id: page.id, token: page.accessToken, page: true };
  }

  /** Page `subscribed_apps` lists apps by `id`; WABA ones wrap them in `whatsapp_business_api_data`: read both. */
  private listsThisApp(answer: Json): boolean {
    return arr(answer.data).some((entry) => {
      const e = obj(entry);
      return str(e?.id) === this.options.appId || str(obj(e?.whatsapp_business_api_data)?.id) === this.options.appId;
    });
  }

  private requireToken(answer: Json): string {
    const token = str(answer.access_token);
    if (!token) throw new ChannelKitError('invalid_response', 'Meta answered the token exchange without an access token.', { status: 502 });
    return token;
  }

  /** `{success: true}`; one doc shows the string `"true"`: accept both. */
  private requireSuccess(answer: Json): void {
    if (answer.success !== true && answer.success !== 'true') {
      throw new ChannelKitError('invalid_response', 'Meta did not confirm the change.', { status: 502 });
    }
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  /** Every item of a paged list, following `paging.next` on Meta's own origin only. */
  private async all(path: string, token: string, query: Record<string, string>): Promise<unknown[]> {
    const items: unknown[] = [];
    let answer = await this.call(path, { token, query });
    for (let page = 1; ; page++) {
      items.push(...arr(answer.data));
      const next = str(obj(answer.paging)?.next);
      if (!next || page >= (this.options.maxPages ?? 100)) break;
      const url = new URL(next);
      if (url.origin !== new URL(this.graphBase).origin) break;
      // The token goes in a header, never in a URL this client builds.
      url.searchParams.delete('access_token');
      answer = await this.call(url, { token });
    }
    return items;
  }

  private async call(target: string | URL, options: CallOptions = {}): Promise<Json> {
    const url = typeof target === 'string' ? new URL(`${this.graphBase}/${this.version}${target}`) : new URL(target);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) {
      headers.authorization = `Bearer ${options.token}`;
      url.searchParams.set('appsecret_proof', createHmac('sha256', this.options.appSecret).update(options.token).digest('hex'));
    }
    const method = options.method ?? 'GET';
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const attempts = Math.max(1, this.options.retry?.attempts ?? 3);
    const baseDelay = this.options.retry?.baseDelayMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
      } catch (cause) {
        if (cause instanceof Error && cause.name === 'TimeoutError') {
          throw new ChannelKitError('timeout', 'Meta did not answer in time.', { status: 504, cause });
        }
        if (method === 'GET' && attempt < attempts) {
          await delay(baseDelay * 2 ** (attempt - 1));
          continue;
        }
        throw new ChannelKitError('network', 'Meta could not be reached.', { status: 502, cause });
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        throw new ChannelKitError('invalid_response', `Meta answered HTTP ${response.status} with a body that is not JSON.`, { status: 502 });
      }
      if (response.ok && !obj(parsed)?.error) {
        const json = obj(parsed);
        if (!json) throw new ChannelKitError('invalid_response', 'Meta answered with JSON that is not an object.', { status: 502 });
        return json;
      }
      const error = graphError(parsed, response.headers, response.status);
      if (error.meta && TRANSIENT_CODES.has(error.meta.code) && attempt < attempts) {
        await delay(baseDelay * 2 ** (attempt - 1));
        continue;
      }
      throw error;
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
