import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DIALOG_ASSETS, DIALOG_CSP, consentPage, dialogCsp, dialogChoices, errorPage, signupResultPage } from './dialog.js';
import { envelope, injectedEnvelope, matches, usageHeaders, type GraphErrorEnvelope, type InjectedError } from './errors.js';
import { sendSignedRequest, sendWebhook as send, whatsappAccountUpdate, type SendWebhookOptions, type WebhookDelivery } from './webhooks.js';
import { BASE_PERMISSIONS, CONFIG_PERMISSIONS, buildWorld, type EmulatedChannelType, type EmulatorWorld, type EmulatorWorldInput } from './world.js';

const HOUR = 3_600_000;
const SHORT_LIVED_SECONDS = 3600;
const LONG_LIVED_SECONDS = 5_184_000;

export interface GraphEmulatorOptions {
  world: EmulatorWorldInput;
  /** Default `v25.0`. Calls under any `vNN.N` prefix (or none) are served alike. */
  version?: string;
  now?: () => number;
  /** How long a dialog code lives (default 10 minutes); Embedded Signup codes live 30 s (META-API §6). */
  codeLifetimeMs?: number;
  embeddedSignupCodeLifetimeMs?: number;
  /** Refuse token-carrying calls without a valid `appsecret_proof` (default true). */
  requireAppSecretProof?: boolean;
  /** `/me/accounts` page size when the caller gives no `limit` (default 25). */
  pageSize?: number;
  /**
   * A JSON file that keeps the tokens issued, the apps subscribed and the numbers registered, so an
   * emulator started again still knows them (a demo whose database outlives the process). Codes,
   * open dialogs and injected errors are not kept.
   */
  stateFile?: string;
}

/** What a person granted in the dialog. */
export interface Grant {
  type: EmulatedChannelType;
  businessId: string;
  pageIds: string[];
  instagramIds: string[];
  wabaIds: string[];
  phoneNumberIds: string[];
  scopes: string[];
  granularScopes: { scope: string; target_ids: string[] }[];
}

interface IssuedCode {
  grant: Grant;
  redirectUri: string;
  embeddedSignup: boolean;
  issuedAt: number;
  lifetimeMs: number;
}

interface IssuedToken {
  kind: 'USER' | 'PAGE';
  grant: Grant;
  issuedAt: number;
  /** 0: never. */
  expiresAt: number;
  pageId?: string;
  /** Page tokens: the user token they were taken from. */
  parent?: string;
  revoked?: { subcode: number; message: string };
}

interface DialogSession {
  type: EmulatedChannelType;
  redirectUri: string;
  state: string;
  reauthorize: boolean;
}

export interface GraphCall {
  method: string;
  /** The path after the version, e.g. `/me/accounts`. */
  path: string;
  query: Record<string, string>;
  token: string | null;
  appsecretProof: string | null;
}

export interface ConsentChoice {
  /** The business portfolio chosen (default: the first one holding the assets). */
  businessId?: string;
  /** Page ids (facebook), Instagram account ids (instagram) or one phone number id (whatsapp). */
  assetIds?: string[];
  /** Untick the permissions the app asked for (only the base ones stay granted). */
  declinePermissions?: boolean;
  action?: 'continue' | 'cancel' | 'fail';
}

export interface ConsentOutcome {
  /** Where the dialog sent the popup: `redirect_uri` with `code`/`error` and `state`. */
  redirectUrl: URL;
  code: string | null;
  /** WhatsApp: the `WA_EMBEDDED_SIGNUP` message posted to the opener (parsed). */
  signupMessage: { type: string; event: string; data: Record<string, string> } | null;
}

export interface GraphEmulator {
  /** The emulator's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The Graph API base with the version, e.g. `http://127.0.0.1:41234/v25.0`. */
  graphUrl: string;
  /** The Login dialog's URL (`…/v25.0/dialog/oauth`). */
  dialogUrl: string;
  version: string;
  world: EmulatorWorld;
  /** Every Graph call served, in order. */
  calls: GraphCall[];
  /** Answers matching calls with Meta's error envelope (and usage headers); returns the `fbtrace_id`. */
  injectError(error: InjectedError): string;
  clearErrors(): void;
  /** Makes a token fail with 190 (subcode 460 "password changed" unless told). */
  revokeToken(token: string, subcode?: number): void;
  /** Every token the emulator issued (user and Page tokens). */
  tokens(): { token: string; kind: 'USER' | 'PAGE'; pageId?: string; expiresAt: number }[];
  /** Plays the person in the dialog over HTTP: opens `authorizeUrl`, submits the choice, reads the answer. */
  consent(authorizeUrl: string, choice?: ConsentChoice): Promise<ConsentOutcome>;
  sendWebhook(targetUrl: string, payload: unknown, options?: Partial<SendWebhookOptions>): Promise<WebhookDelivery>;
  /**
   * The person removes the app in their Facebook settings: every token the emulator issued fails with
   * 190 (subcode 458), and Meta posts the deauthorize callback's `signed_request` (`user_id`) to
   * `deauthorizeUrl` when given.
   */
  removeApp(deauthorizeUrl?: string): Promise<{ status: number; body: string } | null>;
  /**
   * The business removes the app from a WhatsApp Business Account: the app's subscription to it goes,
   * and Meta delivers `account_update` `PARTNER_REMOVED` (signed) to `webhookUrl`.
   */
  removePartner(wabaId: string, webhookUrl: string, options?: Partial<SendWebhookOptions>): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** Top-level names in a `fields` parameter: `a{b,c},d` → `a`, `d`. */
function fieldNames(fields: string | undefined): Set<string> {
  const names = new Set<string>();
  if (!fields) return names;
  let depth = 0;
  let current = '';
  for (const c of fields) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      names.add(current.trim());
      current = '';
      continue;
    }
    if (depth === 0 && c !== '}') current += c;
  }
  if (current.trim()) names.add(current.trim());
  return names;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const graphError = (status: number, code: number, message: string, extra: Parameters<typeof envelope>[2] = {}) =>
  new HttpAnswer(status, envelope(code, message, extra));

/** Starts the emulator on 127.0.0.1 at a free port. */
export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const world = buildWorld(options.world);
  const version = options.version ?? 'v25.0';
  const now = options.now ?? Date.now;
  const requireProof = options.requireAppSecretProof ?? true;
  const codes = new Map<string, IssuedCode>();
  const issued = new Map<string, IssuedToken>();
  const dialogs = new Map<string, DialogSession>();
  const injections: { error: InjectedError; left: number }[] = [];
  const calls: GraphCall[] = [];
  const defaultBusiness = () => world.businesses[0]?.id ?? world.appId;

  // ---- Kept state (stateFile) ------------------------------------------------------------------

  interface SavedState {
    grants: Grant[];
    tokens: [string, Omit<IssuedToken, 'grant'> & { grant: number }][];
    subscriptions: [string, string[]][];
    registrations: [string, { pin: string; calls: number }][];
  }
  if (options.stateFile && existsSync(options.stateFile)) {
    const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as SavedState;
    // Tokens of one consent share one grant object (a revoked user token takes its Page tokens along).
    for (const [value, t] of saved.tokens) issued.set(value, { ...t, grant: saved.grants[t.grant]! });
    for (const [id, apps] of saved.subscriptions) world.subscriptions.set(id, new Set(apps));
    for (const [id, registration] of saved.registrations) world.registrations.set(id, registration);
  }
  function keep(): void {
    if (!options.stateFile) return;
    const grants: Grant[] = [];
    const indexOf = (grant: Grant) => (grants.includes(grant) ? grants.indexOf(grant) : grants.push(grant) - 1);
    const state: SavedState = {
      grants,
      tokens: [...issued].map(([value, t]) => [value, { ...t, grant: indexOf(t.grant) }]),
      subscriptions: [...world.subscriptions].map(([id, apps]) => [id, [...apps]]),
      registrations: [...world.registrations],
    };
    const temporary = `${options.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
    renameSync(temporary, options.stateFile);
  }

  const typeOfConfig = (configId: string | null): EmulatedChannelType | null =>
    (Object.entries(world.configIds).find(([, id]) => id === configId)?.[0] as EmulatedChannelType | undefined) ?? null;

  function redirectAllowed(uri: string): boolean {
    if (world.redirectUris.length) return world.redirectUris.includes(uri);
    try {
      return /^https?:$/.test(new URL(uri).protocol);
    } catch {
      return false;
    }
  }

  // ---- The dialog -------------------------------------------------------------------------------

  function openDialog(query: URLSearchParams): { status: number; html: string; redirectUri?: string } {
    const type = typeOfConfig(query.get('config_id'));
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== world.appId) return { status: 400, html: errorPage('Invalid App ID: the client_id is not a known app.') };
    if (!type) return { status: 400, html: errorPage('The configuration (config_id) is not valid for this app.') };
    if (query.get('response_type') !== 'code') return { status: 400, html: errorPage('This configuration requires response_type=code.') };
    if (!redirectAllowed(redirectUri)) {
      return { status: 400, html: errorPage("URL blocked: this redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.") };
    }
    const id = randomBytes(12).toString('base64url');
    dialogs.set(id, { type, redirectUri, state: query.get('state') ?? '', reauthorize: query.get('auth_type') === 'rerequest' });
    return { status: 200, html: consentPage({ world, type, dialogId: id, reauthorize: query.get('auth_type') === 'rerequest' }), redirectUri };
  }

  function buildGrant(type: EmulatedChannelType, businessId: string, assetIds: string[], declined: boolean): Grant | string {
    const inBusiness = dialogChoices(world, type).filter((c) => c.businessId === businessId).map((c) => c.id);
    if (assetIds.length === 0) return 'Choose at least one account.';
    if (!assetIds.every((id) => inBusiness.includes(id))) return 'Choose accounts of the business portfolio you chose.';
    if (type === 'whatsapp' && assetIds.length !== 1) return 'Choose one phone number.';
    const grant: Grant = { type, businessId, pageIds: [], instagramIds: [], wabaIds: [], phoneNumberIds: [], scopes: [], granularScopes: [] };
    const messagingTargets: string[] = [];
    if (type === 'facebook') {
      grant.pageIds = [...assetIds];
      messagingTargets.push(...assetIds.filter((id) => !world.pages.find((p) => p.id === id)?.withholdPermissions));
    } else if (type === 'instagram') {
      grant.instagramIds = [...assetIds];
      grant.pageIds = world.pages.filter((p) => p.instagramAccountId && assetIds.includes(p.instagramAccountId)).map((p) => p.id);
      messagingTargets.push(...assetIds.filter((id) => !world.instagramAccounts.find((a) => a.id === id)?.withholdPermissions));
    } else {
      const waba = world.wabas.find((w) => w.phoneNumbers.some((n) => n.id === assetIds[0]))!;
      grant.wabaIds = [waba.id];
      grant.phoneNumberIds = [...assetIds];
      if (!waba.withholdPermissions) messagingTargets.push(waba.id);
    }
    const wanted = declined ? BASE_PERMISSIONS.filter((s) => CONFIG_PERMISSIONS[type].includes(s)) : CONFIG_PERMISSIONS[type];
    grant.scopes = [...wanted];
    for (const scope of wanted) {
      let targets: string[];
      if (scope === 'business_management') targets = [businessId];
      else if (scope === 'pages_show_list') targets = grant.pageIds;
      else if (scope.startsWith('pages_')) targets = type === 'facebook' ? messagingTargets : grant.pageIds;
      else targets = messagingTargets;
      grant.granularScopes.push({ scope, target_ids: [...targets] });
    }
    return grant;
  }

  function confirmDialog(form: URLSearchParams): { status: number; html?: string; location?: string; redirectUri?: string } {
    const session = dialogs.get(form.get('dialog') ?? '');
    if (!session) return { status: 400, html: errorPage('This dialog has expired. Start again from the app.') };
    const target = new URL(session.redirectUri);
    const finish = (params: Record<string, string>, signup: Record<string, unknown> | null) => {
      dialogs.delete(form.get('dialog') ?? '');
      for (const [k, v] of Object.entries({ ...params, state: session.state })) target.searchParams.set(k, v);
      if (!signup) return { status: 303, location: target.href };
      return { status: 200, html: signupResultPage(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', ...signup }), target.href) };
    };
    const whatsapp = session.type === 'whatsapp';
    const action = form.get('action') ?? 'continue';
    if (action === 'cancel') {
      return finish(
        { error: 'access_denied', error_reason: 'user_denied', error_description: 'Permissions error' },
        whatsapp ? { event: 'CANCEL', data: { current_step: 'BUSINESS_ACCOUNT_SELECTION' } } : null,
      );
    }
    if (action === 'fail') {
      const description = 'An unexpected error has occurred. Please retry your request later.';
      const sessionId = randomBytes(8).toString('hex');
      return finish(
        { error: form.get('fail_code') === 'temporarily_unavailable' ? 'temporarily_unavailable' : 'server_error', error_description: description },
        // The current docs' error form of CANCEL (META-API §6).
        whatsapp ? { event: 'CANCEL', data: { error_message: description, error_code: '2', session_id: sessionId } } : null,
      );
    }
    const businessId = form.get('business_id') ?? '';
    const grant = buildGrant(session.type, businessId, form.getAll('asset'), form.get('all_permissions') !== 'on');
    if (typeof grant === 'string') {
      return {
        status: 400,
        html: consentPage({
          world,
          type: session.type,
          dialogId: form.get('dialog') ?? '',
          reauthorize: session.reauthorize,
          problem: grant,
          chosen: { businessId, assetIds: form.getAll('asset'), allPermissions: form.get('all_permissions') === 'on' },
        }),
        redirectUri: session.redirectUri,
      };
    }
    const code = token('AQ');
    codes.set(code, {
      grant,
      redirectUri: session.redirectUri,
      embeddedSignup: whatsapp,
      issuedAt: now(),
      lifetimeMs: whatsapp ? (options.embeddedSignupCodeLifetimeMs ?? 30_000) : (options.codeLifetimeMs ?? 10 * 60_000),
    });
    return finish(
      { code },
      whatsapp ? { event: 'FINISH', data: { phone_number_id: grant.phoneNumberIds[0]!, waba_id: grant.wabaIds[0]!, business_id: businessId } } : null,
    );
  }

  // ---- Tokens -----------------------------------------------------------------------------------

  function issueUser(grant: Grant, lifetimeSeconds: number): { access_token: string; token_type: string; expires_in: number } {
    const value = token('EAAU');
    issued.set(value, { kind: 'USER', grant, issuedAt: now(), expiresAt: now() + lifetimeSeconds * 1000 });
    keep();
    return { access_token: value, token_type: 'bearer', expires_in: lifetimeSeconds };
  }

  function pageToken(user: string, pageId: string): string {
    const parent = issued.get(user)!;
    for (const [value, t] of issued) if (t.kind === 'PAGE' && t.pageId === pageId && t.parent === user) return value;
    const value = token('EAAP');
    // A Page token taken from a long-lived user token has no expiry (META-API §1).
    const longLived = parent.expiresAt - parent.issuedAt > 2 * HOUR;
    issued.set(value, { kind: 'PAGE', grant: parent.grant, pageId, parent: user, issuedAt: now(), expiresAt: longLived ? 0 : parent.expiresAt });
    keep();
    return value;
  }

  function appAuthenticated(query: URLSearchParams): HttpAnswer | null {
    if (query.get('client_id') !== world.appId) return graphError(400, 101, 'Error validating application. Invalid application ID.');
    // The doc gives no code for a wrong client secret: a generic OAuthException, code 100.
    if (query.get('client_secret') !== world.appSecret) return graphError(400, 100, 'Error validating client secret.');
    return null;
  }

  function accessToken(query: URLSearchParams): HttpAnswer {
    const denied = appAuthenticated(query);
    if (denied) return denied;
    if (query.get('grant_type') === 'fb_exchange_token') {
      const short = issued.get(query.get('fb_exchange_token') ?? '');
      if (!short || short.kind !== 'USER' || short.revoked || (short.expiresAt && short.expiresAt <= now())) {
        return graphError(400, 190, 'Error validating access token: The session is invalid or has expired.', { subcode: short?.revoked?.subcode ?? 463 });
      }
      return new HttpAnswer(200, issueUser(short.grant, LONG_LIVED_SECONDS));
    }
    const code = query.get('code') ?? '';
    const found = codes.get(code);
    if (!found) return graphError(400, 100, 'This authorization code has been used or is not valid.');
    if (now() - found.issuedAt > found.lifetimeMs) {
      codes.delete(code);
      return graphError(400, 100, 'This authorization code has expired.');
    }
    const redirectUri = query.get('redirect_uri');
    // Codes from Embedded Signup are exchanged without redirect_uri (META-API §1, §6); any other must match exactly.
    const redirectOk = redirectUri === null ? found.embeddedSignup : redirectUri === found.redirectUri;
    if (!redirectOk) {
      return graphError(
        400,
        100,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      );
    }
    codes.delete(code);
    return new HttpAnswer(200, issueUser(found.grant, SHORT_LIVED_SECONDS));
  }

  function debugToken(query: URLSearchParams, callerToken: string | null): HttpAnswer {
    const appToken = `${world.appId}|${world.appSecret}`;
    if (callerToken !== appToken && !(callerToken && issued.has(callerToken))) {
      return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const input = query.get('input_token') ?? '';
    const t = issued.get(input);
    const expired = t && t.expiresAt !== 0 && t.expiresAt <= now();
    if (!t || t.revoked || expired) {
      return new HttpAnswer(200, {
        data: {
          app_id: world.appId,
          is_valid: false,
          scopes: [],
          ...(t ? { expires_at: Math.floor(t.expiresAt / 1000), user_id: world.user.id } : {}),
          error: { code: 190, message: t?.revoked?.message ?? (expired ? 'Session has expired.' : 'Invalid OAuth access token.'), ...(t?.revoked ? { subcode: t.revoked.subcode } : {}) },
        },
      });
    }
    return new HttpAnswer(200, {
      data: {
        app_id: world.appId,
        type: t.kind,
        application: world.appName,
        data_access_expires_at: Math.floor((t.issuedAt + 90 * 24 * HOUR) / 1000),
        expires_at: Math.floor(t.expiresAt / 1000),
        is_valid: true,
        issued_at: Math.floor(t.issuedAt / 1000),
        scopes: [...t.grant.scopes],
        granular_scopes: t.grant.granularScopes.map((g) => ({ scope: g.scope, target_ids: [...g.target_ids] })),
        user_id: world.user.id,
        ...(t.pageId ? { profile_id: t.pageId } : {}),
      },
    });
  }

  /** A token-carrying call: the token must be valid and, when required, `appsecret_proof` must match it. */
  function authenticate(value: string | null, proof: string | null): IssuedToken | HttpAnswer {
    if (!value) return graphError(400, 104, 'An access token is required to request this resource.');
    if (requireProof) {
      const expected = createHmac('sha256', world.appSecret).update(value).digest('hex');
      // The doc gives no error code for a missing or wrong appsecret_proof: a generic OAuthException, code 100.
      if (!proof) return graphError(400, 100, 'API calls from the server require an appsecret_proof argument');
      const a = Buffer.from(proof);
      const b = Buffer.from(expected);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument');
    }
    const t = issued.get(value);
    if (!t) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (t.revoked) return graphError(400, 190, t.revoked.message, { subcode: t.revoked.subcode });
    if (t.expiresAt !== 0 && t.expiresAt <= now()) return graphError(400, 190, 'Error validating access token: Session has expired.', { subcode: 463 });
    return t;
  }

  const granted = (t: IssuedToken, scope: string, target: string) =>
    t.grant.granularScopes.some((g) => g.scope === scope && g.target_ids.includes(target));

  const missingObject = (id: string) =>
    graphError(
      400,
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      { type: 'GraphMethodException', subcode: 33 },
    );

  function paged<T>(items: T[], query: URLSearchParams, path: string, callerToken: string, base: string): HttpAnswer {
    const limit = Math.max(1, Math.min(100, Number(query.get('limit')) || options.pageSize || 25));
    const start = query.get('after') ? Number(Buffer.from(query.get('after')!, 'base64url').toString()) || 0 : 0;
    const data = items.slice(start, start + limit);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const body: { data: T[]; paging?: unknown } = { data };
    if (items.length) {
      const paging: { cursors: { before: string; after: string }; next?: string; previous?: string } = {
        cursors: { before: cursor(start), after: cursor(start + data.length) },
      };
      if (start + limit < items.length) {
        const next = new URL(`${base}/${version}${path}`);
        for (const [k, v] of query) if (k !== 'after' && k !== 'appsecret_proof' && k !== 'access_token') next.searchParams.set(k, v);
        // Meta's `next` carries the access token; a careful client moves it to a header.
        next.searchParams.set('access_token', callerToken);
        next.searchParams.set('limit', String(limit));
        next.searchParams.set('after', cursor(start + data.length));
        paging.next = next.href;
      }
      body.paging = paging;
    }
    return new HttpAnswer(200, body);
  }

  function graph(method: string, path: string, query: URLSearchParams, body: URLSearchParams, callerToken: string | null, proof: string | null, base: string): HttpAnswer {
    if (path === '/oauth/access_token' && method === 'GET') return accessToken(query);
    if (path === '/debug_token' && method === 'GET') return debugToken(query, callerToken);
    const auth = authenticate(callerToken, proof);
    if (auth instanceof HttpAnswer) return auth;
    const t = auth;
    const segments = path.split('/').filter(Boolean);
    const fields = fieldNames(query.get('fields') ?? undefined);

    if (path === '/me' && method === 'GET') {
      if (t.kind === 'PAGE') {
        const page = world.pages.find((p) => p.id === t.pageId)!;
        return new HttpAnswer(200, {
          ...(fields.has('name') || fields.size === 0 ? { name: page.name } : {}),
          ...(fields.has('messaging_feature_status') ? { messaging_feature_status: { ...page.messagingFeatureStatus } } : {}),
          id: page.id,
        });
      }
      return new HttpAnswer(200, { name: world.user.name, id: world.user.id });
    }
    if (path === '/me/accounts' && method === 'GET') {
      if (t.kind !== 'USER') return graphError(400, 100, 'Tried accessing nonexisting field (accounts) on node type (Page)');
      const pages = world.pages
        .filter((p) => t.grant.pageIds.includes(p.id) && granted(t, 'pages_show_list', p.id))
        .map((p) => ({ id: p.id, name: p.name, access_token: pageToken(callerToken!, p.id), category: p.category, category_list: [{ id: '1', name: p.category }], tasks: [...p.tasks] }));
      return paged(pages, query, path, callerToken!, base);
    }
    if (path === '/me/businesses' && method === 'GET') {
      const ids = t.grant.granularScopes.find((g) => g.scope === 'business_management')?.target_ids ?? [];
      return paged(world.businesses.filter((b) => ids.includes(b.id)).map((b) => ({ id: b.id, name: b.name })), query, path, callerToken!, base);
    }
    const [id, edge] = segments;
    if (!id || segments.length > 2) return graphError(400, 100, 'Unknown path components');
    const page = world.pages.find((p) => p.id === id);
    const waba = world.wabas.find((w) => w.id === id);
    const phone = world.wabas.flatMap((w) => w.phoneNumbers.map((n) => ({ waba: w, number: n }))).find((x) => x.number.id === id);

    if (edge === 'subscribed_apps' && (page || waba)) {
      if (page) {
        if (t.kind !== 'PAGE' || t.pageId !== page.id) {
          // The doc does not give this error's code: the emulator answers a permission error (200).
          return graphError(400, 200, '(#200) This endpoint requires the Page access token of this Page.');
        }
      } else if (!t.grant.wabaIds.includes(waba!.id) || !granted(t, 'whatsapp_business_management', waba!.id)) {
        return graphError(400, 200, '(#200) Permissions error');
      }
      const assetId = (page ?? waba)!.id;
      const subscribed = world.subscriptions.get(assetId) ?? new Set<string>();
      if (method === 'POST') {
        subscribed.add(world.appId);
        world.subscriptions.set(assetId, subscribed);
        keep();
        return new HttpAnswer(200, { success: true });
      }
      if (method === 'DELETE') {
        subscribed.delete(world.appId);
        keep();
        return new HttpAnswer(200, { success: true });
      }
      if (method === 'GET') {
        const data = [...subscribed].map((appId) =>
          // Page subscriptions list the app itself; WABA subscriptions wrap it in `whatsapp_business_api_data`.
          page ? { name: world.appName, id: appId, subscribed_fields: ['messages', 'messaging_postbacks'] } : { whatsapp_business_api_data: { id: appId, name: world.appName } },
        );
        return new HttpAnswer(200, { data });
      }
    }
    if (edge === 'phone_numbers' && waba && method === 'GET') {
      if (!t.grant.wabaIds.includes(waba.id) || !granted(t, 'whatsapp_business_management', waba.id)) return missingObject(waba.id);
      const numbers = waba.phoneNumbers.map((n) => ({
        id: n.id,
        display_phone_number: n.displayPhoneNumber,
        verified_name: n.verifiedName,
        status: n.status,
        quality_rating: n.qualityRating,
        code_verification_status: n.codeVerificationStatus,
        platform_type: n.platformType,
      }));
      return paged(numbers, query, path, callerToken!, base);
    }
    if (edge === 'register' && phone && method === 'POST') {
      if (!t.grant.phoneNumberIds.includes(phone.number.id) || !granted(t, 'whatsapp_business_messaging', phone.waba.id)) return missingObject(phone.number.id);
      const pin = body.get('pin') ?? '';
      if (body.get('messaging_product') !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
      if (!/^\d{6}$/.test(pin)) return graphError(400, 100, '(#100) Param pin must be a 6-digit number.');
      const registration = world.registrations.get(phone.number.id) ?? { pin, calls: 0 };
      // At most 10 register/deregister calls per 72 h (META-API §6).
      if (registration.calls >= 10) return graphError(400, 133016, 'Account register deregister rate limit exceeded');
      world.registrations.set(phone.number.id, { pin, calls: registration.calls + 1 });
      keep();
      return new HttpAnswer(200, { success: true });
    }
    if (!edge && page && method === 'GET') {
      if (!t.grant.pageIds.includes(page.id)) return missingObject(page.id);
      const ig = world.instagramAccounts.find((a) => a.id === page.instagramAccountId);
      const business = world.businesses.find((b) => b.id === page.businessId);
      const answer: Record<string, unknown> = {};
      if (fields.size === 0 || fields.has('name')) answer.name = page.name;
      // Only a professional account linked to the Page is its `instagram_business_account`.
      if (fields.has('instagram_business_account') && ig?.professional) {
        answer.instagram_business_account = { id: ig.id, username: ig.username, name: ig.name, ...(ig.profilePictureUrl ? { profile_picture_url: ig.profilePictureUrl } : {}) };
      }
      if (fields.has('business') && business) answer.business = { id: business.id, name: business.name };
      answer.id = page.id;
      return new HttpAnswer(200, answer);
    }
    return missingObject(id);
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  async function readBody(request: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function bodyParams(raw: Buffer, contentType: string): URLSearchParams {
    const text = raw.toString('utf8');
    if (contentType.includes('application/json') && text) {
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        return new URLSearchParams(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      } catch {
        return new URLSearchParams();
      }
    }
    return new URLSearchParams(text);
  }

  function sendJson(response: ServerResponse, answer: HttpAnswer) {
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store', ...answer.headers });
    response.end(JSON.stringify(answer.body));
  }

  function sendHtml(response: ServerResponse, status: number, html: string, redirectUri: string | null = null) {
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': redirectUri ? dialogCsp(redirectUri) : DIALOG_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    response.end(html);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, base: string) {
    const url = new URL(request.url ?? '/', base);
    const method = (request.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/|$)/, '') || '/';
    const raw = await readBody(request);
    const body = bodyParams(raw, String(request.headers['content-type'] ?? ''));

    const asset = DIALOG_ASSETS[path];
    if (asset && method === 'GET') {
      response.writeHead(200, { 'content-type': asset.type, 'x-content-type-options': 'nosniff' });
      response.end(asset.body);
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
      return;
    }
    if (path === '/dialog/oauth' && method === 'GET') {
      const { status, html, redirectUri } = openDialog(url.searchParams);
      return sendHtml(response, status, html, redirectUri ?? null);
    }
    if (path === '/dialog/oauth/confirm' && method === 'POST') {
      const outcome = confirmDialog(body);
      if (outcome.location) {
        response.writeHead(303, { location: outcome.location, 'cache-control': 'no-store' });
        response.end();
        return;
      }
      return sendHtml(response, outcome.status, outcome.html ?? '', outcome.redirectUri ?? null);
    }

    // The Graph API: the token in `access_token` (query or body) or an `Authorization: Bearer|OAuth` header.
    const header = String(request.headers.authorization ?? '');
    const fromHeader = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1] ?? null;
    const callerToken = fromHeader ?? url.searchParams.get('access_token') ?? body.get('access_token');
    const proof = url.searchParams.get('appsecret_proof') ?? body.get('appsecret_proof');
    const query = new URLSearchParams(url.searchParams);
    calls.push({ method, path, query: Object.fromEntries(query), token: callerToken, appsecretProof: proof });

    const callTokens = [callerToken, query.get('code'), query.get('fb_exchange_token'), query.get('input_token')];
    const injection = injections.find((i) => i.left > 0 && matches(i.error, { method, path, tokens: callTokens }));
    if (injection) {
      injection.left--;
      const { status, body: errorBody } = injectedEnvelope(injection.error);
      return sendJson(response, new HttpAnswer(status, errorBody, usageHeaders(injection.error, defaultBusiness())));
    }
    const answer = graph(method, path, query, body, callerToken, proof, base);
    sendJson(response, new HttpAnswer(answer.status, answer.body, { ...usageHeaders(null, defaultBusiness()), ...answer.headers }));
  }

  let origin = '';
  const server = createServer((request, response) => {
    handle(request, response, origin).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(envelope(1, `Emulator failure: ${error instanceof Error ? error.message : String(error)}`)));
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    graphUrl: `${origin}/${version}`,
    dialogUrl: `${origin}/${version}/dialog/oauth`,
    version,
    world,
    calls,
    injectError(error) {
      const fbtraceId = error.fbtraceId ?? `A${randomBytes(9).toString('base64url')}`;
      injections.push({ error: { ...error, fbtraceId }, left: error.times ?? 1 });
      return fbtraceId;
    },
    clearErrors() {
      injections.length = 0;
    },
    revokeToken(value, subcode = 460) {
      const t = issued.get(value);
      if (!t) return;
      const message =
        subcode === 458 ? 'Error validating access token: The user has not authorized application.'
        : 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.';
      t.revoked = { subcode, message };
      // The Page tokens taken from a revoked user token die with it.
      if (t.kind === 'USER') for (const other of issued.values()) if (other.kind === 'PAGE' && other.grant === t.grant) other.revoked = { subcode, message };
      keep();
    },
    tokens() {
      return [...issued].map(([value, t]) => ({ token: value, kind: t.kind, pageId: t.pageId, expiresAt: t.expiresAt }));
    },
    consent: completeDialog,
    sendWebhook(targetUrl, payload, sendOptions = {}) {
      return send(targetUrl, payload, { ...sendOptions, appSecret: sendOptions.appSecret ?? world.appSecret });
    },
    async removeApp(deauthorizeUrl) {
      const message = 'Error validating access token: The user has not authorized application.';
      for (const t of issued.values()) t.revoked = { subcode: 458, message };
      keep();
      return deauthorizeUrl ? sendSignedRequest(deauthorizeUrl, { user_id: world.user.id }, world.appSecret) : null;
    },
    removePartner(wabaId, webhookUrl, sendOptions = {}) {
      const waba = world.wabas.find((w) => w.id === wabaId);
      world.subscriptions.get(wabaId)?.delete(world.appId);
      keep();
      const payload = whatsappAccountUpdate({
        wabaId,
        event: 'PARTNER_REMOVED',
        ownerBusinessId: waba?.businessId,
        disconnectionInfo: { reason: 'PARTNER_REMOVED', initiated_by: 'BUSINESS' },
        time: Math.floor(now() / 1000),
      });
      return send(webhookUrl, payload, { ...sendOptions, appSecret: sendOptions.appSecret ?? world.appSecret });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}


const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const pageText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * A person's way through the emulator's dialog, over HTTP only: opens `authorizeUrl`, ticks
 * `choice.assetIds` (under `choice.businessId`, else the business the first of them is listed under,
 * else the one the dialog chose), and presses Continue (or Cancel, or Fail). Needs no handle on the
 * emulator, so a test that only has the URL (e.g. from a server's `authorizeUrl`) can consent too.
 */
export async function completeDialog(authorizeUrl: string, choice: ConsentChoice = {}): Promise<ConsentOutcome> {
  const opened = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await opened.text();
  if (opened.status !== 200) throw new Error(`The dialog refused to open (${opened.status}): ${pageText(html)}`);
  const dialogId = unescapeHtml(/name="dialog" value="([^"]+)"/.exec(html)?.[1] ?? '');
  const assetIds = choice.assetIds ?? [];
  const inputs = [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
  const attribute = (input: string, name: string) => {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(input)?.[1];
    return value === undefined ? null : unescapeHtml(value);
  };
  const listedUnder = inputs.find((i) => attribute(i, 'name') === 'asset' && attribute(i, 'value') === assetIds[0]);
  const preselected = inputs.find((i) => attribute(i, 'name') === 'business_id' && /\schecked\b/.test(i));
  const businessId = choice.businessId ?? (listedUnder && attribute(listedUnder, 'data-business')) ?? (preselected && attribute(preselected, 'value')) ?? '';
  const form = new URLSearchParams({ dialog: dialogId, business_id: businessId, action: choice.action ?? 'continue' });
  for (const id of assetIds) form.append('asset', id);
  if (!choice.declinePermissions) form.set('all_permissions', 'on');
  const confirmed = await fetch(new URL('/dialog/oauth/confirm', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  let location: string | null = confirmed.headers.get('location');
  let signupMessage: ConsentOutcome['signupMessage'] = null;
  const text = await confirmed.text();
  if (!location && confirmed.status === 200) {
    const message = /data-message="([^"]*)"/.exec(text)?.[1];
    location = unescapeHtml(/data-redirect="([^"]*)"/.exec(text)?.[1] ?? '');
    signupMessage = message ? (JSON.parse(unescapeHtml(message)) as ConsentOutcome['signupMessage']) : null;
  }
  if (!location) throw new Error(`The dialog did not finish (${confirmed.status}): ${pageText(text)}`);
  const redirectUrl = new URL(location);
  return { redirectUrl, code: redirectUrl.searchParams.get('code'), signupMessage };
}

export type { GraphErrorEnvelope };
