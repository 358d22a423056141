import * as z from 'zod/mini';
import { safeParse } from 'zod/mini';
import { ChannelSchema, channelToWire, type ChannelWire } from '../../core/channel.js';
import { ChannelKitError, describeIssue, issuePathOf } from '../../core/errors.js';
import type { OperationId } from '../../core/operations.js';
import type { PermissionPolicy } from '../../permissions/policy.js';
import { sameSecret } from '../crypto/constant-time.js';
import type { TokenVault } from '../crypto/token-vault.js';
import type { MetaClient } from '../meta/meta-client.js';
import { randomId } from '../rules/authorizations.js';
import { ChannelService, type Identity } from '../service.js';
import type { ChannelStore } from '../store/channel-store.js';
import { startJobRunner } from '../jobs/job-runner.js';
import { META_CHANGE_JOB, metaChangeHandler } from '../jobs/meta-change-job.js';
import { ChangeFeed } from '../live/change-feed.js';
import { eventStream } from '../live/event-stream.js';
import { createWebhookRoutes, WEBHOOK_PATH, type WebhookOptions, type WebhookRoutes } from '../webhooks/routes.js';
import { callbackPage } from './callback-page.js';
import { corsHeaders, preflight, type CorsPolicy } from './cors.js';
import { resolveIdentity, type EmbeddedSessionsOptions } from './identity.js';
import {
  ConnectAccountBody,
  CreateSessionBody,
  CreateWebchatBody,
  FinishAuthorizationBody,
  ListQuerySchema,
  PathIdSchema,
  ReauthorizeBody,
  StartAuthorizationBody,
} from './request-schemas.js';
import { readBody, utf8Text } from './request-body.js';
import { errorResponse, json, responseForError } from './responses.js';
import { matchRoute } from './router.js';
import { SessionSigner } from './session-tokens.js';
import { startHealthChecks, type HealthCheckOptions } from '../jobs/health-check.js';
import { startHousekeeping } from '../jobs/housekeeping.js';

/** One line per request, for the operator's log pipeline. */
export interface RequestLogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  requestId: string;
  method: string;
  path: string;
  operation: OperationId | 'health' | 'callback' | 'preflight' | 'webhook' | null;
  status: number;
  durationMs: number;
  workspaceId?: string;
  error?: string;
}

export interface ChannelKitHandlerOptions {
  store: ChannelStore;
  meta: MetaClient;
  vault: TokenVault;
  /** Who is calling: the workspace and the viewer, or `null` (401). Not needed for embedded-session requests. */
  authenticate?: (request: Request) => Identity | null | Promise<Identity | null>;
  /** Who may manage channels; the elements' default policy unless the host supplies its own. */
  policy?: PermissionPolicy;
  /** Where the handler is mounted, e.g. `/api/channel-kit`; requests outside it get 404. */
  basePath?: string;
  /** The public URL of the mount (origin and base path), when the server sits behind a proxy; else read from each request. */
  publicUrl?: string;
  /** Pages on other origins that may call with the host's own authentication (CORS) and open authorizations. */
  allowedOrigins?: string[];
  /** Embedded sessions for partner portals on other origins. */
  sessions?: EmbeddedSessionsOptions;
  /** Where Meta redirects after consent; by default the server's own callback page. */
  callbackUrl?: string;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Receives one entry per request; by default a JSON line on stdout. */
  log?: (entry: RequestLogEntry) => void;
  now?: () => number;
  onChange?: ConstructorParameters<typeof ChannelService>[0]['onChange'];
  /** Where changes are published for the live route (one per process; PostgreSQL fans them out between processes). */
  feed?: ChangeFeed;
  /** Ends every open event stream when it aborts (the server's shutdown), and stops the job runner. */
  shutdown?: AbortSignal;
  /**
   * Meta's calls, under `{basePath}/webhooks/meta`: the verification handshake (GET) and signed
   * deliveries (POST), `/deauthorize` and `/data-deletion` (signed_request callbacks), and
   * `/data-deletion/{code}`, the status page a data-deletion answer links to. With it, this instance
   * also runs the queued jobs those calls make (a business removing the app disconnects its channels).
   * Unset: none of these routes exist.
   */
  webhooks?: WebhookOptions;
  /**
   * The scheduled token and setup check (`debug_token`, `subscribed_apps`): each live Meta channel every
   * `intervalMs`, claimed through a database lease so that with several instances one of them checks it.
   * Unset: no scheduled checks.
   */
  healthChecks?: Omit<HealthCheckOptions, 'store' | 'service' | 'signal' | 'now' | 'onError'>;
}

export type FetchHandler = (request: Request) => Promise<Response>;

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The server half as one Fetch-standard function: every operation of `docs/openapi.json`, the
 * popup's callback page, a health route and embedded sessions, under `basePath`.
 */
export async function createChannelKitHandler(options: ChannelKitHandlerOptions): Promise<FetchHandler> {
  const feed = options.feed ?? new ChangeFeed();
  // With several instances on one PostgreSQL, a change goes round through the database to every
  // instance's pages (this one's too); otherwise straight to this process's pages.
  const fanOut = options.store.changes;
  if (fanOut) {
    const stop = await fanOut.listen((payload) => {
      const change = parseChange(payload);
      if (change) feed.publish(change.workspaceId, change.channel);
    });
    options.shutdown?.addEventListener('abort', () => void stop(), { once: true });
  }
  const service = new ChannelService({
    ...options,
    onChange: (workspaceId, channel) => {
      if (fanOut) void fanOut.publish(JSON.stringify({ workspaceId, channel })).catch(() => feed.publish(workspaceId, channel));
      else feed.publish(workspaceId, channel);
      options.onChange?.(workspaceId, channel);
    },
  });
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const log = options.log ?? ((entry: RequestLogEntry) => console.log(JSON.stringify(entry)));
  const signer = options.sessions ? await SessionSigner.create(options.sessions.signingSecret) : null;
  const webhooks = options.webhooks ? await startWebhooks(options.webhooks) : null;
  startHousekeeping({ store: options.store, now: options.now, signal: options.shutdown, onError: (error) => console.error(JSON.stringify(jobErrorEntry(error, null))) });
  if (options.healthChecks) {
    startHealthChecks({
      ...options.healthChecks,
      store: options.store,
      service,
      now: options.now,
      signal: options.shutdown,
      onError: (error, channel) => console.error(JSON.stringify(healthErrorEntry(error, channel))),
    });
  }
  const corsPolicy: CorsPolicy = { allowedOrigins: new Set(options.allowedOrigins ?? []), credentials: Boolean(options.sessions?.cookieName), sessions: Boolean(signer) };

  return async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(request.url);
    const requestId = requestIdOf(request);
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      level: 'info',
      requestId,
      method: request.method,
      path: url.pathname,
      operation: null,
      status: 0,
      durationMs: 0,
    };
    // The origins this answer may be read from, once the caller is known; errors are readable too.
    const cors = { sessionOrigins: [] as readonly string[] };
    let response: Response;
    try {
      response = await route(request, url, entry, cors);
    } catch (error) {
      const { response: failed, unexpected } = responseForError(error, requestId);
      response = failed;
      if (unexpected) {
        entry.level = 'error';
        entry.error = error instanceof Error ? error.name : 'unknown';
      } else {
        entry.error = (error as ChannelKitError).code ?? (error as ChannelKitError).kind;
      }
    }
    // Meta's routes are called by Meta's servers, never from a page: no CORS.
    if (entry.operation !== 'preflight' && entry.operation !== 'webhook') {
      const self = new URL(selfUrl(url)).origin;
      for (const [name, value] of Object.entries(corsHeaders(request.headers.get('origin'), cors.sessionOrigins, corsPolicy, self))) response.headers.set(name, value);
    }
    response.headers.set('x-request-id', requestId);
    entry.status = response.status;
    entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
    if (entry.level === 'info' && response.status >= 500) entry.level = 'error';
    log(entry);
    return response;
  };

  async function route(request: Request, url: URL, entry: RequestLogEntry, cors: { sessionOrigins: readonly string[] }): Promise<Response> {
    if (!(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) return notFound();
    const path = url.pathname.slice(basePath.length) || '/';
    const self = selfUrl(url);
    const origin = request.headers.get('origin');

    if (webhooks && (path === WEBHOOK_PATH || path.startsWith(`${WEBHOOK_PATH}/`))) {
      entry.operation = 'webhook';
      const answer = await webhooks(request, path, self);
      if (answer) return answer;
      entry.operation = null;
    }
    if (path === '/health' && request.method === 'GET') {
      entry.operation = 'health';
      return options.store.ping().then(
        () => json({ status: 'ok' }),
        () => json({ status: 'unavailable' }, 503),
      );
    }
    if (path === '/authorizations/callback') {
      entry.operation = 'callback';
      if (request.method !== 'GET') return methodNotAllowed(['GET']);
      return callback(url);
    }
    if (request.method === 'OPTIONS') {
      entry.operation = 'preflight';
      return preflight(request, corsPolicy, new URL(self).origin);
    }

    const match = matchRoute(request.method, path);
    if (match.kind === 'not_found') return notFound();
    if (match.kind === 'method_not_allowed') return methodNotAllowed(match.allow);
    entry.operation = match.operation;

    if (match.operation === 'createEmbeddedSession') return createSession(request);

    const resolved = await resolveIdentity(request, { authenticate: options.authenticate, signer, sessions: options.sessions, selfOrigin: new URL(self).origin, allowedOrigins: corsPolicy.allowedOrigins, mutating: MUTATING.has(request.method), now: options.now ?? Date.now });
    if (resolved.kind === 'refused') {
      entry.error = resolved.code;
      // A page holding an expired bearer token must be able to read the 401, to ask for a new one.
      if (resolved.code === 'session_invalid' && origin && request.headers.get('authorization')) cors.sessionOrigins = [origin];
      return resolved.response;
    }
    const identity = resolved.identity;
    entry.workspaceId = identity.workspaceId;
    cors.sessionOrigins = resolved.allowedOrigins;
    return operate(match.operation, match.params, request, url, identity, origin ?? new URL(self).origin, self);
  }

  /** Meta's routes, and the runner of the jobs they queue. */
  async function startWebhooks(webhookOptions: WebhookOptions): Promise<WebhookRoutes> {
    const runner = startJobRunner({
      store: options.store,
      handlers: { [META_CHANGE_JOB]: metaChangeHandler(service) },
      now: options.now,
      signal: options.shutdown,
      onError: (error, job) => console.error(JSON.stringify(jobErrorEntry(error, job))),
    });
    return createWebhookRoutes({ options: webhookOptions, store: options.store, maxBodyBytes: maxBody, now: options.now ?? Date.now, kick: runner.kick });
  }

  async function operate(operation: OperationId, params: Record<string, string>, request: Request, url: URL, identity: Identity, opener: string, self: string): Promise<Response> {
    const id = (name: string) => parse(PathIdSchema, params[name], name);
    const redirectUri = options.callbackUrl ?? `${self}/authorizations/callback`;
    switch (operation) {
      case 'getViewer':
        return json(service.viewer(identity));
      case 'listChannels': {
        const query = parse(ListQuerySchema, Object.fromEntries(url.searchParams), 'query');
        return json(await service.listChannels(identity, query));
      }
      case 'getChannel':
        return json(await service.getChannel(identity, id('channelId')));
      case 'startAuthorization': {
        const body = parse(StartAuthorizationBody, await readJson(request), 'body');
        return json(await service.startAuthorization(identity, { ...body, openerOrigin: opener, redirectUri, callbackOrigin: new URL(redirectUri).origin }));
      }
      case 'getAuthorization':
        return json(await service.getAuthorization(identity, id('sessionId'), redirectUri));
      case 'finishAuthorization': {
        const sessionId = id('sessionId');
        const body = parse(FinishAuthorizationBody, await readJson(request), 'body');
        return json(await service.finishAuthorization(identity, { ...body, sessionId, redirectUri }));
      }
      case 'connectAccount':
        return json(await service.connectAccount(identity, parse(ConnectAccountBody, await readJson(request), 'body')));
      case 'createWebchat': {
        const body = parse(CreateWebchatBody, await readJson(request), 'body');
        return json(await service.createWebchat(identity, { ...body, snippetOrigin: new URL(self).origin }));
      }
      case 'disconnectChannel': {
        const channelId = id('channelId');
        await readJson(request, { optional: true });
        return json(await service.disconnect(identity, channelId));
      }
      case 'reauthorizeChannel': {
        const channelId = id('channelId');
        const body = parse(ReauthorizeBody, await readJson(request), 'body');
        return json(await service.reauthorize(identity, { ...body, channelId }));
      }
      case 'getSetupChecks':
        return json({ checks: await service.getSetupChecks(identity, id('channelId')) });
      case 'streamChanges': {
        const signal = options.shutdown ? AbortSignal.any([request.signal, options.shutdown]) : request.signal;
        return eventStream(feed, identity.workspaceId, lastEventIdOf(request), signal);
      }
      case 'createEmbeddedSession':
        return createSession(request);
    }
  }

  function selfUrl(url: URL): string {
    return (options.publicUrl ?? `${url.origin}${basePath}`).replace(/\/+$/, '');
  }

  async function createSession(request: Request): Promise<Response> {
    if (!signer || !options.sessions) return errorResponse(404, 'not_found', 'Embedded sessions are not configured on this server.');
    const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    if (!(await sameSecret(given, options.sessions.secretKey))) return errorResponse(401, 'unauthenticated', 'A valid secret key is required.');
    const body = parse(CreateSessionBody, await readJson(request), 'body');
    const { token, session } = await signer.mint(body, (options.now ?? Date.now)());
    return json({ token, expiresAt: new Date(session.expiresAt).toISOString(), workspaceId: session.workspaceId, allowedOrigins: session.allowedOrigins });
  }

  async function callback(url: URL): Promise<Response> {
    const state = url.searchParams.get('state') ?? '';
    const code = url.searchParams.get('code');
    const errorCode = url.searchParams.get('error');
    const error = errorCode
      ? { code: errorCode.slice(0, 100), message: (url.searchParams.get('error_description') ?? url.searchParams.get('error_message') ?? errorCode).slice(0, 500) }
      : null;
    const fbtraceId = url.searchParams.get('fbtrace_id') ?? undefined;
    const target = state.length >= 16 && state.length <= 256 ? await service.receiveCallback({ state, code: code && code.length <= 2048 ? code : null, error }) : null;
    return callbackPage({ type: 'channel-kit:authorization', state, code: error ? null : code, error: error ? { ...error, fbtraceId } : null }, target);
  }

  async function readJson(request: Request, { optional = false } = {}): Promise<unknown> {
    const text = utf8Text(await readBody(request, maxBody));
    if (!text.trim()) {
      if (optional) return null;
      throw new ChannelKitError('invalid_request', 'The request needs a JSON body.', { status: 400, code: 'invalid_json' });
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ChannelKitError('invalid_request', 'The request body is not JSON.', { status: 400, code: 'invalid_json' });
    }
  }
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const path = issuePathOf(result.error);
  const field = path === '(root)' ? where : where === 'body' ? path : `${where}.${path}`;
  throw new ChannelKitError('invalid_request', `Invalid ${where}: ${describeIssue(result.error).replace(/^\(root\)/, where)}`, {
    status: 400,
    code: 'invalid_request',
    issuePath: field,
  });
}

function notFound(): Response {
  return errorResponse(404, 'not_found', 'No such route.');
}

function methodNotAllowed(allow: string[]): Response {
  return errorResponse(405, 'method_not_allowed', `Use ${allow.join(' or ')}.`, {}, { allow: allow.join(', ') });
}

const ChangePayload = z.object({ workspaceId: z.string(), channel: ChannelSchema });

/** A change another instance announced: believed only in the contract's own shape. */
function parseChange(payload: string): { workspaceId: string; channel: ChannelWire } | null {
  try {
    const parsed = safeParse(ChangePayload, JSON.parse(payload));
    return parsed.success ? { workspaceId: parsed.data.workspaceId, channel: channelToWire(parsed.data.channel) } : null;
  } catch {
    return null;
  }
}

/** Where a reconnecting stream left off: an id this server could have sent, or nothing. */
function lastEventIdOf(request: Request): string | null {
  const given = request.headers.get('last-event-id');
  return given && /^[\w-]{1,64}$/.test(given) ? given : null;
}

/** One line for a job that failed: which job, and the error's code or name (never its payload). */
/** What a background line says of an error: its code, never its message (which may quote a token). */
function errorCodeOf(error: unknown): string {
  return error instanceof ChannelKitError ? (error.code ?? error.kind) : error instanceof Error ? error.name : 'unknown';
}

function jobErrorEntry(error: unknown, job: { id: string; kind: string; attempts: number } | null) {
  return { time: new Date().toISOString(), level: 'warn', job: job ? { id: job.id, kind: job.kind, attempts: job.attempts } : null, error: errorCodeOf(error) };
}

/** One line for a health check Meta could not answer: the channel and the error's code, never a token. */
function healthErrorEntry(error: unknown, channel: { workspaceId: string; id: string }) {
  return { time: new Date().toISOString(), level: 'warn', healthCheck: { workspaceId: channel.workspaceId, channelId: channel.id }, error: errorCodeOf(error) };
}

/** A caller's request id, when it is a sane one; else a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[\w.-]{1,64}$/.test(given) ? given : `req_${randomId(8)}`;
}
