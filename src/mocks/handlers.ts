import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { MemoryBackend } from '../adapters/memory-backend.js';
import { channelToWire, type Channel } from '../core/channel.js';
import { isChannelKitError, type ChannelKitError, type ErrorBody } from '../core/errors.js';
import { failureFor, type FailureKind, type FailurePlan } from './failures.js';
import { OPERATIONS, type OperationId } from './operations.js';

export interface MockHandlersOptions {
  /** The rules and data behind the REST contract. */
  backend: MemoryBackend;
  /** Where the contract is served; the REST adapter's `baseUrl` must match. */
  baseUrl?: string;
  /** Added to every response, in ms. */
  latencyMs?: number;
  /** Injected failures per operation (see `parseFailures`). */
  failures?: FailurePlan;
}

type Json = Record<string, unknown> | null;
type Resolve = (args: { params: Record<string, string>; body: Json; url: URL }) => Promise<unknown>;

const META_FAILURES: Record<string, { code: number; message: string }> = {
  meta190: { code: 190, message: 'Error validating access token: The session has been invalidated.' },
  meta10: { code: 10, message: 'Application does not have permission for this action.' },
  meta4: { code: 4, message: 'Application request limit reached.' },
  meta368: { code: 368, message: 'The action attempted has been deemed abusive or is otherwise disallowed.' },
};

/**
 * msw handlers that implement the REST contract (`docs/openapi.json`) over a `MemoryBackend`, with
 * latency and failure injection. The demo's backend; hosts can use them in their own tests.
 */
export function createHandlers(options: MockHandlersOptions): HttpHandler[] {
  const { backend } = options;
  const base = (options.baseUrl ?? '/api').replace(/\/+$/, '');
  const wire = (channel: Channel) => channelToWire(channel);

  const route = (op: OperationId, resolve: Resolve): HttpHandler => {
    const { method, path } = OPERATIONS[op];
    const mswPath = base + path.replace(/\{(\w+)\}/g, ':$1');
    const factory = method === 'GET' ? http.get : http.post;
    return factory(mswPath, async ({ request, params }) => {
      if (options.latencyMs) await delay(options.latencyMs);
      const failure = options.failures && failureFor(options.failures, op);
      if (failure !== undefined) return injected(failure, op);
      let body: Json = null;
      if (method === 'POST') {
        const text = await request.text();
        try {
          body = text ? (JSON.parse(text) as Json) : null;
        } catch {
          return errorResponse(400, { error: { code: 'invalid_json', message: 'The request body is not JSON.' } });
        }
      }
      try {
        const result = await resolve({ params: params as Record<string, string>, body, url: new URL(request.url) });
        return HttpResponse.json(result as Json);
      } catch (error) {
        if (isChannelKitError(error)) return errorFromKit(error);
        throw error;
      }
    });
  };

  const str = (body: Json, key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : '');

  const contract = [
    route('getViewer', () => backend.getViewer()),
    route('listChannels', async ({ url }) => {
      const limit = Number(url.searchParams.get('limit') ?? '') || undefined;
      const page = await backend.listChannels({ cursor: url.searchParams.get('cursor'), limit });
      return { channels: page.channels.map(wire), nextCursor: page.nextCursor, total: page.total };
    }),
    route('getChannel', async ({ params }) => wire(await backend.getChannel(params.channelId!))),
    route('startAuthorization', ({ body }) =>
      backend.startAuthorization({
        channelType: str(body, 'channelType') as never,
        mode: str(body, 'mode') === 'reauthorize' ? 'reauthorize' : 'connect',
        channelId: str(body, 'channelId') || undefined,
      }),
    ),
    route('getAuthorization', ({ params }) => backend.getAuthorization(params.sessionId!)),
    route('finishAuthorization', ({ params, body }) =>
      backend.finishAuthorization({
        sessionId: params.sessionId!,
        state: str(body, 'state'),
        code: str(body, 'code'),
        embeddedSignup: (body?.embeddedSignup as { phoneNumberId?: string; wabaId?: string } | undefined) ?? undefined,
      }),
    ),
    route('connectAccount', async ({ body }) =>
      wire(await backend.connectAccount({ sessionId: str(body, 'sessionId'), accountId: str(body, 'accountId') })),
    ),
    route('createWebchat', async ({ body }) => {
      const domains = Array.isArray(body?.domains) ? body.domains.filter((d): d is string => typeof d === 'string') : [];
      const created = await backend.createWebchat({ name: str(body, 'name'), domains });
      return { channel: wire(created.channel), snippet: created.snippet };
    }),
    route('disconnectChannel', async ({ params }) => wire(await backend.disconnect(params.channelId!))),
    route('reauthorizeChannel', async ({ params, body }) =>
      wire(
        await backend.reauthorize({
          channelId: params.channelId!,
          sessionId: str(body, 'sessionId'),
          accountId: str(body, 'accountId'),
        }),
      ),
    ),
    route('getSetupChecks', async ({ params }) => ({ checks: await backend.getSetupChecks(params.channelId!) })),
  ];
  return contract;
}

function errorResponse(status: number, body: ErrorBody, headers?: Record<string, string>) {
  return HttpResponse.json(body, { status, headers });
}

function errorFromKit(error: ChannelKitError) {
  const status = error.status ?? 500;
  return errorResponse(status, { error: { code: error.code ?? error.kind, message: error.message } });
}

function injected(kind: FailureKind, op: OperationId) {
  switch (kind) {
    case 'network':
      return HttpResponse.error();
    case 'timeout':
      return delay('infinite').then(() => HttpResponse.error());
    case 'notjson':
      return new HttpResponse('<html><body>502 Bad Gateway</body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      });
    case 'invalid':
      return HttpResponse.json(op === 'listChannels' ? { channels: 'not-a-list' } : { unexpected: true });
    case 'meta190':
    case 'meta10':
    case 'meta4':
    case 'meta368': {
      const meta = META_FAILURES[kind]!;
      return errorResponse(502, {
        error: {
          code: 'meta_error',
          message: meta.message,
          meta: { code: meta.code, message: meta.message, fbtrace_id: 'AFakeTrace' + meta.code },
        },
      });
    }
    case 429:
      return errorResponse(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'retry-after': '30' });
    default:
      return errorResponse(kind, { error: { code: `injected_${kind}`, message: `Injected failure (${kind}).` } });
  }
}
