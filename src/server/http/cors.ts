export interface CorsPolicy {
  /** Origins the host configured: they may call with the host's own authentication. */
  allowedOrigins: ReadonlySet<string>;
  /** Cookie mode: credentialed requests from the configured origins. */
  credentials: boolean;
  /** Embedded sessions are on: a bearer token names its own allowed origins. */
  sessions: boolean;
}

const ALLOW_HEADERS = 'authorization, content-type, x-channel-kit-csrf, x-request-id';
const EXPOSE_HEADERS = 'retry-after, x-request-id';

/**
 * A preflight carries no credentials, so it cannot know a session's origins: configured origins get
 * the full answer; with embedded sessions on, other origins may send a bearer request (never with
 * credentials), which is then refused unless its token allows that origin exactly.
 */
export function preflight(request: Request, cors: CorsPolicy, selfOrigin: string): Response {
  const origin = request.headers.get('origin');
  const headers = new Headers({ vary: 'Origin' });
  const configured = origin !== null && cors.allowedOrigins.has(origin);
  const asksBearer = (request.headers.get('access-control-request-headers') ?? '').toLowerCase().includes('authorization');
  if (origin && origin !== selfOrigin && (configured || (cors.sessions && asksBearer))) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-methods', 'GET, POST');
    headers.set('access-control-allow-headers', ALLOW_HEADERS);
    headers.set('access-control-max-age', '600');
    if (configured && cors.credentials) headers.set('access-control-allow-credentials', 'true');
  }
  return new Response(null, { status: 204, headers });
}

/** The CORS headers of an answer: only for an origin that is configured or that the caller's session allows, exactly. */
export function corsHeaders(origin: string | null, sessionOrigins: readonly string[], cors: CorsPolicy, selfOrigin: string): Record<string, string> {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (!origin || origin === selfOrigin) return headers;
  const configured = cors.allowedOrigins.has(origin);
  if (!configured && !sessionOrigins.includes(origin)) return headers;
  headers['access-control-allow-origin'] = origin;
  headers['access-control-expose-headers'] = EXPOSE_HEADERS;
  if (configured && cors.credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}
