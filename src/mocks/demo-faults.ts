import type { OperationId } from '../core/operations.js';
import type { ErrorBody } from '../core/errors.js';
import { matchRoute } from '../server/http/router.js';
import { failureFor, parseFailures, type FailureKind, type FailurePlan } from './failures.js';

export type FetchHandler = (request: Request) => Promise<Response>;

export interface DemoFaults {
  /** Added to every answer, in ms. */
  latencyMs?: number;
  failures?: FailurePlan;
}

/** The demo page sends its side panel's settings with each request, so the server needs no state for them. */
export const DEMO_FAIL_HEADER = 'x-channel-kit-demo-fail';
export const DEMO_LATENCY_HEADER = 'x-channel-kit-demo-latency';

const META_FAILURES: Record<string, { code: number; message: string }> = {
  meta190: { code: 190, message: 'Error validating access token: The session has been invalidated.' },
  meta10: { code: 10, message: 'Application does not have permission for this action.' },
  meta4: { code: 4, message: 'Application request limit reached.' },
  meta368: { code: 368, message: 'The action attempted has been deemed abusive or is otherwise disallowed.' },
};

/** The faults a request asks for: the given ones, else its demo headers. */
export function faultsOf(request: Request, given?: DemoFaults): DemoFaults {
  if (given && (given.failures || given.latencyMs)) return given;
  const latency = Number(request.headers.get(DEMO_LATENCY_HEADER) ?? '0');
  return {
    latencyMs: Number.isFinite(latency) ? Math.min(Math.max(latency, 0), 10_000) : 0,
    failures: parseFailures(request.headers.get(DEMO_FAIL_HEADER)).plan,
  };
}

/**
 * The server's demo mode: latency and injected failures per contract operation, in front of the real
 * handler. `basePath` is where the contract is mounted in the request's URL.
 */
export function withDemoFaults(handler: FetchHandler, basePath: string, fixed?: DemoFaults): FetchHandler {
  const base = basePath.replace(/\/+$/, '');
  return async (request) => {
    const { latencyMs, failures } = faultsOf(request, fixed);
    if (latencyMs) await wait(latencyMs, request.signal);
    const path = new URL(request.url).pathname.slice(base.length) || '/';
    const match = matchRoute(request.method, path);
    const failure = match.kind === 'operation' && failures ? failureFor(failures, match.operation) : undefined;
    if (failure !== undefined && match.kind === 'operation') return injected(failure, match.operation, request.signal);
    return handler(request);
  };
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function errorJson(status: number, body: ErrorBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function injected(kind: FailureKind, op: OperationId, signal: AbortSignal): Response | Promise<Response> {
  switch (kind) {
    case 'network':
      return Response.error();
    case 'timeout':
      // Never answers; ends when the client gives up.
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(Response.error()), { once: true }));
    case 'notjson':
      return new Response('<html><body>502 Bad Gateway</body></html>', { status: 200, headers: { 'content-type': 'text/html' } });
    case 'invalid':
      return new Response(JSON.stringify(op === 'listChannels' ? { channels: 'not-a-list' } : { unexpected: true }), {
        headers: { 'content-type': 'application/json' },
      });
    case 'meta190':
    case 'meta10':
    case 'meta4':
    case 'meta368': {
      const meta = META_FAILURES[kind]!;
      return errorJson(502, {
        error: { code: 'meta_error', message: meta.message, meta: { code: meta.code, message: meta.message, fbtrace_id: 'AFakeTrace' + meta.code } },
      });
    }
    case 429:
      return errorJson(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'retry-after': '30' });
    default:
      return errorJson(kind, { error: { code: `injected_${kind}`, message: `Injected failure (${kind}).` } });
  }
}
