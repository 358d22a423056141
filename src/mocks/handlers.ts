import { http, type HttpHandler } from 'msw';
import type { FailurePlan } from './failures.js';
import { withDemoFaults } from './demo-faults.js';
import type { InPageServer } from './in-page-server.js';
import type { MemoryBackend } from './memory-backend.js';

export interface MockHandlersOptions {
  /** The server core behind the contract (a `MemoryBackend`'s, or an `InPageServer`). */
  backend: MemoryBackend | InPageServer;
  /** Where the contract is served in the page; the REST adapter's `baseUrl` must match. */
  baseUrl?: string;
  /** Added to every response, in ms (else the demo's latency header). */
  latencyMs?: number;
  /** Injected failures per operation (else the demo's failure header; see `parseFailures`). */
  failures?: FailurePlan;
}

/**
 * msw handlers that pass every request under `baseUrl` to the server core running in the page: the
 * one implementation of the REST contract (`docs/openapi.json`), with the demo's latency and failures.
 */
export function createHandlers(options: MockHandlersOptions): HttpHandler[] {
  const server = 'server' in options.backend ? options.backend.server : options.backend;
  const base = (options.baseUrl ?? '/api').replace(/\/+$/, '');
  // The base may be absolute (`https://api.example/ck`): what follows its path is the contract's path.
  const basePath = new URL(base, globalThis.location?.href ?? 'http://localhost/').pathname.replace(/\/+$/, '');
  const core = (request: Request) => {
    const url = new URL(request.url);
    const target = `${server.publicUrl}${url.pathname.slice(basePath.length)}${url.search}`;
    return server.fetch(new Request(target, request));
  };
  const faults = options.failures || options.latencyMs ? { failures: options.failures, latencyMs: options.latencyMs } : undefined;
  const handle = withDemoFaults(core, basePath, faults);
  return [http.all(`${base}/*`, ({ request }) => handle(request))];
}
