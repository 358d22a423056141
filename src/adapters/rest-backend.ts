import * as z from 'zod/mini';
import { ChannelSchema, type Channel, type ChannelPage } from '../core/channel.js';
import { ChannelKitError, ErrorBodySchema, type ErrorKind } from '../core/errors.js';
import type { ChannelBackend, ChannelChange, ListChannelsOptions } from './backend.js';
import { readRestAnswer } from './read-answer.js';
import type { ServerSentEvent } from './server-sent-events.js';

export interface RestBackendOptions {
  /** Where the REST contract is served, e.g. `/api/channel-kit` or `https://host.example/ck`. */
  baseUrl: string;
  /** Adds auth headers or sets credentials on each request before it is sent. */
  prepareRequest?: (request: { headers: Headers; init: RequestInit }) => void | Promise<void>;
  /** `fetch`'s credentials mode; `same-origin` by default. */
  credentials?: RequestCredentials;
  /** Per-call time limit (each attempt), in ms. */
  timeoutMs?: number;
  /** Extra attempts for safe reads (GET) after a network error, a 5xx or a 429. */
  readRetries?: number;
  /** First back-off delay in ms; doubled for each further attempt. */
  retryDelayMs?: number;
  /** Longest `Retry-After` the adapter will wait for before giving up with `rate_limited`. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  /**
   * An embedded session (a partner portal on another origin): returns a short-lived token that your
   * backend minted (`POST /sessions` on `channel-kit/server`). It is sent as a bearer token, and asked
   * for again when it expires or a request answers 401 (one retry, never a loop).
   */
  sessionToken?: () => Promise<string | { token: string; expiresAt?: string | null }>;
  /**
   * Live updates: `subscribe` reads the server's Server-Sent Events route (`GET /events`, which
   * `channel-kit/server` serves), reconnecting with `Last-Event-ID` and backing off on failure.
   * Off by default, for servers that do not have the route.
   */
  live?: boolean;
}

type Method = 'GET' | 'POST';

const TIMEOUT = Symbol('timeout');
/** Asks for a new session token this long before the old one runs out. */
const TOKEN_MARGIN_MS = 30_000;

/** The REST adapter: speaks the contract in `docs/openapi.json` and validates every response. */
export class RestBackend implements ChannelBackend {
  private readonly baseUrl: string;
  private readonly options: RestBackendOptions;
  private session: Promise<{ token: string; expiresAt: number }> | null = null;

  constructor(options: RestBackendOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async getViewer(signal?: AbortSignal) {
    return this.call('GET', '/viewer', readRestAnswer.getViewer, { signal });
  }

  async listChannels(options: ListChannelsOptions = {}, signal?: AbortSignal): Promise<ChannelPage> {
    const query = new URLSearchParams();
    if (options.cursor) query.set('cursor', options.cursor);
    if (options.limit) query.set('limit', String(options.limit));
    const qs = query.size ? `?${query}` : '';
    return this.call('GET', `/channels${qs}`, readRestAnswer.listChannels, { signal });
  }

  async getChannel(channelId: string, signal?: AbortSignal): Promise<Channel> {
    return this.call('GET', `/channels/${encodeURIComponent(channelId)}`, readRestAnswer.getChannel, { signal });
  }

  async startAuthorization(input: Parameters<ChannelBackend['startAuthorization']>[0], signal?: AbortSignal) {
    return this.call('POST', '/authorizations', readRestAnswer.startAuthorization, { body: input, signal });
  }

  async finishAuthorization(input: Parameters<ChannelBackend['finishAuthorization']>[0], signal?: AbortSignal) {
    const { sessionId, ...body } = input;
    return this.call('POST', `/authorizations/${encodeURIComponent(sessionId)}/complete`, readRestAnswer.finishAuthorization, {
      body,
      signal,
    });
  }

  async getAuthorization(sessionId: string, signal?: AbortSignal) {
    return this.call('GET', `/authorizations/${encodeURIComponent(sessionId)}`, readRestAnswer.getAuthorization, { signal });
  }

  async connectAccount(input: Parameters<ChannelBackend['connectAccount']>[0], signal?: AbortSignal) {
    return this.call('POST', '/channels', readRestAnswer.connectAccount, { body: input, signal });
  }

  async createWebchat(input: Parameters<ChannelBackend['createWebchat']>[0], signal?: AbortSignal) {
    return this.call('POST', '/webchat-channels', readRestAnswer.createWebchat, { body: input, signal });
  }

  async disconnect(channelId: string, signal?: AbortSignal) {
    return this.call('POST', `/channels/${encodeURIComponent(channelId)}/disconnect`, readRestAnswer.disconnect, { signal });
  }

  async reauthorize(input: Parameters<ChannelBackend['reauthorize']>[0], signal?: AbortSignal) {
    const { channelId, ...body } = input;
    return this.call('POST', `/channels/${encodeURIComponent(channelId)}/reauthorize`, readRestAnswer.reauthorize, {
      body,
      signal,
    });
  }

  async getSetupChecks(channelId: string, signal?: AbortSignal) {
    return this.call('GET', `/channels/${encodeURIComponent(channelId)}/setup-checks`, readRestAnswer.getSetupChecks, { signal });
  }

  /**
   * With `live`, the server's changes as they happen; returns the function that stops listening.
   * Every event is validated before it is believed; one that cannot be read is dropped.
   */
  subscribe(listener: (change: ChannelChange) => void): () => void {
    const stop = new AbortController();
    if (this.options.live) void this.follow(listener, stop.signal);
    return () => stop.abort();
  }

  private async follow(listener: (change: ChannelChange) => void, signal: AbortSignal): Promise<void> {
    let lastEventId: string | null = null;
    let backoff = 1_000;
    let refusedToken: string | undefined;
    const onEvent = (event: ServerSentEvent) => {
      if (event.id) lastEventId = event.id;
      if (event.event === 'refresh') return listener({ kind: 'refresh' });
      if (event.event !== 'channel') return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = z.safeParse(ChannelSchema, data);
      if (parsed.success) listener({ kind: 'upsert', channel: parsed.data });
    };
    while (!signal.aborted) {
      // The stream's reader loads beside the request (most pages never follow a stream).
      const reader = loadEventStreamReader();
      try {
        const headers = new Headers({ accept: 'text/event-stream' });
        if (lastEventId) headers.set('last-event-id', lastEventId);
        const token = this.options.sessionToken ? await this.sessionTokenNow(refusedToken !== undefined, refusedToken) : null;
        if (token) headers.set('authorization', `Bearer ${token}`);
        const init: RequestInit = { method: 'GET', headers, credentials: this.options.credentials ?? 'same-origin', signal };
        await this.options.prepareRequest?.({ headers, init });
        const response = await (this.options.fetch ?? globalThis.fetch.bind(globalThis))(`${this.baseUrl}/events`, init);
        // No live route here, or not for this viewer: nothing to follow.
        if (response.status === 404 || response.status === 405 || response.status === 403) return;
        refusedToken = response.status === 401 && token && refusedToken !== token ? token : undefined;
        if (response.ok && response.body) {
          backoff = 1_000;
          const body = response.body;
          // Not loaded (offline): the stream is let go, and followed again after the back-off.
          const { readEventStream } = await reader.catch((error: unknown) => {
            void body.cancel();
            throw error;
          });
          await readEventStream(body, onEvent);
        } else if (refusedToken) {
          continue;
        }
      } catch {
        // A dropped connection: try again after the back-off.
      }
      await sleep(backoff, signal).catch(() => undefined);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  private async call<T>(
    method: Method,
    path: string,
    read: (answer: unknown) => T,
    { body, signal }: { body?: unknown; signal?: AbortSignal },
  ): Promise<T> {
    const attempts = method === 'GET' ? 1 + (this.options.readRetries ?? 2) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const json = await this.attempt(method, path, body, signal);
        return read(json);
      } catch (error) {
        const wait = attempt < attempts ? this.retryDelay(error, attempt) : undefined;
        if (wait === undefined) throw error;
        await sleep(wait, signal);
      }
    }
  }

  /** How long to wait before retrying a safe read, or `undefined` when it should not be retried. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (!(error instanceof ChannelKitError)) return undefined;
    const backoff = (this.options.retryDelayMs ?? 300) * 2 ** (attempt - 1);
    if (error.kind === 'rate_limited') {
      const wait = error.retryAfterMs ?? backoff;
      return wait <= (this.options.maxRetryAfterMs ?? 10_000) ? wait : undefined;
    }
    const transient =
      error.kind === 'network' ||
      error.kind === 'timeout' ||
      (error.kind === 'http' && (error.status ?? 0) >= 500);
    return transient ? backoff : undefined;
  }

  private async attempt(method: Method, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    if (!this.options.sessionToken) return this.send(method, path, body, signal, null);
    const token = await this.sessionTokenNow(false);
    try {
      return await this.send(method, path, body, signal, token);
    } catch (error) {
      if (!(error instanceof ChannelKitError) || error.status !== 401) throw error;
      return this.send(method, path, body, signal, await this.sessionTokenNow(true, token));
    }
  }

  /** The current session token; a new one when it is about to expire, or when `stale` was refused. */
  private async sessionTokenNow(refresh: boolean, stale?: string): Promise<string> {
    const current = this.session && (await this.session.catch(() => null));
    const fresh = current && current.expiresAt - TOKEN_MARGIN_MS > Date.now() && !(refresh && current.token === stale);
    if (!fresh) {
      this.session = this.options.sessionToken!().then((answer) => {
        const { token, expiresAt } = typeof answer === 'string' ? { token: answer, expiresAt: null } : answer;
        if (typeof token !== 'string' || token === '') throw new ChannelKitError('unauthenticated', 'No session token was given.', { status: 401 });
        const at = expiresAt ? Date.parse(expiresAt) : NaN;
        return { token, expiresAt: Number.isNaN(at) ? Number.POSITIVE_INFINITY : at };
      });
    }
    return (await this.session!).token;
  }

  private async send(method: Method, path: string, body: unknown, signal: AbortSignal | undefined, sessionToken: string | null): Promise<unknown> {
    if (signal?.aborted) throw new ChannelKitError('aborted', 'The request was cancelled.');
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(TIMEOUT), this.options.timeoutMs ?? 15_000);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const headers = new Headers({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    // A header no plain form can send: the server's CSRF check for cookie sessions.
    if (method === 'POST') headers.set('x-channel-kit-csrf', '1');
    if (sessionToken) headers.set('authorization', `Bearer ${sessionToken}`);
    const init: RequestInit = {
      method,
      headers,
      credentials: this.options.credentials ?? 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: combined,
    };
    try {
      await this.options.prepareRequest?.({ headers, init });
      const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
      let response: Response;
      try {
        response = await doFetch(`${this.baseUrl}${path}`, init);
      } catch (cause) {
        throw abortOrNetworkError(cause, signal, timeout.signal);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        throw abortOrNetworkError(cause, signal, timeout.signal);
      }
      if (!response.ok) throw httpError(response, text);
      try {
        return text === '' ? null : JSON.parse(text);
      } catch (cause) {
        throw new ChannelKitError('invalid_response', 'The server sent a response that is not JSON.', {
          status: response.status,
          issuePath: '(body)',
          cause,
        });
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

let eventStreamReader: Promise<typeof import('./server-sent-events.js')> | undefined;

/** The `text/event-stream` reader, a module of its own; a load that failed is tried again next time. */
function loadEventStreamReader(): Promise<typeof import('./server-sent-events.js')> {
  const loading = (eventStreamReader ??= import('./server-sent-events.js').catch((error: unknown) => {
    eventStreamReader = undefined;
    throw error;
  }));
  // Awaited only once a stream is open: a failed load before then is not an unhandled rejection.
  loading.catch(() => {});
  return loading;
}

function abortOrNetworkError(cause: unknown, signal: AbortSignal | undefined, timeout: AbortSignal): ChannelKitError {
  if (signal?.aborted) return new ChannelKitError('aborted', 'The request was cancelled.', { cause });
  if (timeout.aborted) return new ChannelKitError('timeout', 'The server took too long to answer.', { cause });
  // The browser says whether it is offline; any other failure to get an answer (the server down, or
  // refusing this page's origin: CORS, which a page is not told about) is the server's side.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return new ChannelKitError('network', offline ? 'This device is offline.' : 'The server could not be reached.', { cause, reason: offline ? 'offline' : 'network' });
}

const STATUS_KINDS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'permission',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid_request',
  429: 'rate_limited',
};

function httpError(response: Response, text: string): ChannelKitError {
  let parsed: z.infer<typeof ErrorBodySchema> | undefined;
  try {
    const result = z.safeParse(ErrorBodySchema, JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // A non-JSON error body still tells us the status; keep going with that alone.
  }
  const meta = parsed?.error.meta;
  const kind: ErrorKind = meta ? 'meta' : (STATUS_KINDS[response.status] ?? 'http');
  return new ChannelKitError(kind, parsed?.error.message ?? `The server answered ${response.status}.`, {
    status: response.status,
    code: parsed?.error.code,
    retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
    meta: meta && {
      code: meta.code,
      subcode: meta.error_subcode,
      fbtraceId: meta.fbtrace_id,
      userMessage: meta.error_user_msg,
      userTitle: meta.error_user_title,
    },
  });
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ChannelKitError('aborted', 'The request was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ChannelKitError('aborted', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
