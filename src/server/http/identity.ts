import { safeParse } from 'zod/mini';
import { ViewerSchema } from '../../core/viewer.js';
import type { Identity } from '../service.js';
import { errorResponse } from './responses.js';
import { originAllowed, type SessionSigner } from './session-tokens.js';

export interface EmbeddedSessionsOptions {
  /** The host's server-to-server key for `POST /sessions`. */
  secretKey: string;
  /** Signs the session tokens (≥ 32 characters). Every instance behind a load balancer needs the same one. */
  signingSecret: string;
  /** Cookie mode: the session token arrives in this cookie (set by the host), and mutating requests must carry `X-Channel-Kit-Csrf`. */
  cookieName?: string;
}

export interface IdentityContext {
  authenticate?: (request: Request) => Identity | null | Promise<Identity | null>;
  signer: SessionSigner | null;
  sessions?: EmbeddedSessionsOptions;
  selfOrigin: string;
  allowedOrigins: ReadonlySet<string>;
  mutating: boolean;
  now: () => number;
}

export type ResolvedIdentity =
  | { kind: 'ok'; identity: Identity; allowedOrigins: readonly string[] }
  | { kind: 'refused'; code: string; response: Response };

const refuse = (status: number, code: string, message: string): ResolvedIdentity => ({ kind: 'refused', code, response: errorResponse(status, code, message) });

/**
 * Who is calling, and from where: an embedded-session token (bearer or cookie) bound to a workspace,
 * a viewer and exact origins; or else the host's own `authenticate`, from the server's origin or one
 * the host configured. A request from any other origin is refused before anything is read.
 */
export async function resolveIdentity(request: Request, context: IdentityContext): Promise<ResolvedIdentity> {
  const origin = request.headers.get('origin');
  const crossOrigin = origin !== null && origin !== context.selfOrigin;
  const bearer = /^Bearer (cks_\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  const cookie = context.sessions?.cookieName ? readCookie(request, context.sessions.cookieName) : undefined;

  if (context.signer && (bearer || cookie)) {
    const session = await context.signer.verify((bearer ?? cookie)!, context.now());
    if (!session) return refuse(401, 'session_invalid', 'The session is invalid or has expired. Ask for a new one.');
    if (!bearer && context.mutating && request.headers.get('x-channel-kit-csrf') === null) {
      return refuse(403, 'csrf_header_missing', 'This request must carry the X-Channel-Kit-Csrf header.');
    }
    if (crossOrigin && !originAllowed(session, origin) && !(cookie && context.allowedOrigins.has(origin))) {
      return refuse(403, 'origin_not_allowed', 'This session may not be used from this origin.');
    }
    const viewer = safeParse(ViewerSchema, session.viewer);
    if (!viewer.success) return refuse(401, 'session_invalid', 'The session names a viewer this server does not know.');
    return { kind: 'ok', identity: { workspaceId: session.workspaceId, viewer: viewer.data }, allowedOrigins: session.allowedOrigins };
  }

  if (crossOrigin && !context.allowedOrigins.has(origin)) return refuse(403, 'origin_not_allowed', 'Requests from this origin are not allowed.');
  const identity = context.authenticate ? await context.authenticate(request) : null;
  if (!identity || typeof identity.workspaceId !== 'string' || identity.workspaceId === '') {
    return refuse(401, 'unauthenticated', 'Sign in to manage channels.');
  }
  const viewer = safeParse(ViewerSchema, identity.viewer);
  if (!viewer.success) throw new Error('authenticate() returned a viewer that is not { product, role }.');
  return { kind: 'ok', identity: { workspaceId: identity.workspaceId, viewer: viewer.data }, allowedOrigins: [] };
}

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=') || undefined;
  }
  return undefined;
}
