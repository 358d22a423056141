import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FetchHandler } from './http/handler.js';

export interface NodeListenerOptions {
  /** The origin requests arrive on, when behind a proxy (else `http://<Host header>`). */
  origin?: string;
}

/**
 * Adapts the Fetch-standard handler to `node:http` (and to Express and Fastify, which hand over the
 * same request and response). A request whose client goes away aborts its `Request.signal`.
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let response: Response;
    try {
      response = await handler(toRequest(req, options, controller.signal));
    } catch {
      response = new Response(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on the server.' } }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (!req.complete) res.shouldKeepAlive = false;
    await writeResponse(response, res);
  };
}

function toRequest(req: IncomingMessage, options: NodeListenerOptions, signal: AbortSignal): Request {
  const origin = options.origin ?? `http://${req.headers.host ?? 'localhost'}`;
  // Express and Fastify strip a mount path into `url`; `originalUrl` keeps it.
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  let url: URL;
  try {
    url = new URL(path, origin);
  } catch {
    url = new URL('/__invalid__', 'http://localhost');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, one);
      } catch {
        // A header value Fetch cannot carry is dropped, not fatal.
      }
    }
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.headers['content-length'] !== '0';
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal,
    // @ts-expect-error Node's fetch needs this for a streamed body; the DOM types do not know it.
    duplex: hasBody ? 'half' : undefined,
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    res.destroy();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.appendHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  // The contract's answers are small JSON: one write. Only a stream (server-sent events) is piped.
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    try {
      res.end(new Uint8Array(await response.arrayBuffer()));
    } catch {
      res.destroy();
    }
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}
