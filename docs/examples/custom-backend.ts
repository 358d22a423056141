// A `ChannelBackend` over an API you already have (`MessagingApi`, your own client), for a product
// that lists, disconnects and checks its channels here but connects them somewhere else: the
// operations it does not implement answer with a `ChannelKitError` the elements can show.
import {
  ChannelKitError,
  ChannelSchema,
  SetupChecksResponseSchema,
  ViewerSchema,
  isChannelKitError,
  issuePathOf,
  parseChannelRows,
  type AuthorizationResult,
  type Channel,
  type ChannelBackend,
  type ChannelPage,
  type ErrorKind,
  type ListChannelsOptions,
  type SetupCheck,
  type Viewer,
} from 'channel-kit';

/** Your client. What it returns is your API's JSON, not yet trusted. */
export interface MessagingApi {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  post(path: string, signal?: AbortSignal): Promise<unknown>;
}

/** How your client fails: an HTTP status and your API's error code. */
export class MessagingApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

export class MessagingBackend implements ChannelBackend {
  constructor(private readonly api: MessagingApi) {}

  getViewer(signal?: AbortSignal): Promise<Viewer> {
    return this.call(async () => ViewerSchema.parse(await this.api.get('/me', signal)));
  }

  listChannels(options: ListChannelsOptions = {}, signal?: AbortSignal): Promise<ChannelPage> {
    return this.call(async () => {
      const query = new URLSearchParams({ limit: String(options.limit ?? 100) });
      if (options.cursor) query.set('after', options.cursor);
      const page = (await this.api.get(`/channels?${query}`, signal)) as { items?: unknown[]; next?: string | null };
      if (!Array.isArray(page?.items)) throw new ChannelKitError('invalid_response', 'No items.', { issuePath: 'items' });
      // One unreadable row is left out and counted; it never fails the page.
      const { channels, skipped } = parseChannelRows(page.items);
      return { channels, skipped, nextCursor: page.next ?? null };
    });
  }

  getChannel(channelId: string, signal?: AbortSignal): Promise<Channel> {
    return this.call(async () => ChannelSchema.parse(await this.api.get(`/channels/${encodeURIComponent(channelId)}`, signal)));
  }

  disconnect(channelId: string, signal?: AbortSignal): Promise<Channel> {
    return this.call(async () => ChannelSchema.parse(await this.api.post(`/channels/${encodeURIComponent(channelId)}/disconnect`, signal)));
  }

  getSetupChecks(channelId: string, signal?: AbortSignal): Promise<SetupCheck[]> {
    return this.call(async () => {
      const body = await this.api.get(`/channels/${encodeURIComponent(channelId)}/setup-checks`, signal);
      return SetupChecksResponseSchema.parse(body).checks;
    });
  }

  // Connecting, reauthorizing and Webchat happen elsewhere in this product.
  startAuthorization = notImplemented('startAuthorization');
  finishAuthorization = notImplemented('finishAuthorization');
  connectAccount = notImplemented('connectAccount');
  createWebchat = notImplemented('createWebchat');
  reauthorize = notImplemented('reauthorize');

  /** No authorization is ever running here: "pending" makes a closed Meta window count as cancelled. */
  async getAuthorization(sessionId: string): Promise<AuthorizationResult> {
    return { sessionId, status: 'pending', accounts: [] };
  }

  // `subscribe` is optional: without it the list reloads only when asked to.

  /** Every failure leaves as one `ChannelKitError`. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toChannelKitError(error);
    }
  }
}

/** An operation this backend does not implement: a 501 with code `not_implemented`, reason `unknown`. */
function notImplemented(operation: string) {
  return (..._args: unknown[]): Promise<never> =>
    Promise.reject(new ChannelKitError('http', `${operation} is not available in this product.`, { status: 501, code: 'not_implemented' }));
}

const KINDS: Record<number, ErrorKind> = { 400: 'invalid_request', 401: 'unauthenticated', 403: 'permission', 404: 'not_found', 409: 'conflict', 429: 'rate_limited' };

function toChannelKitError(error: unknown): ChannelKitError {
  if (isChannelKitError(error)) return error;
  if (error instanceof MessagingApiError) {
    return new ChannelKitError(KINDS[error.status] ?? 'http', error.message, { status: error.status, code: error.code, cause: error });
  }
  // A schema's `parse` failed: what the API sent does not match; `issuePath` names the place.
  if (isSchemaError(error)) {
    return new ChannelKitError('invalid_response', 'The API sent something unexpected.', { issuePath: issuePathOf(error), cause: error });
  }
  if (error instanceof DOMException && error.name === 'AbortError') return new ChannelKitError('aborted', 'Cancelled.', { cause: error });
  return new ChannelKitError('network', 'The API could not be reached.', { cause: error });
}

function isSchemaError(error: unknown): error is Error & { issues: { path: PropertyKey[] }[] } {
  return error instanceof Error && Array.isArray((error as { issues?: unknown }).issues);
}
