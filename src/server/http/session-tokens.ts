/**
 * Short-lived embedded-session tokens for partner portals (the Stripe AccountSession / Nango
 * connect-session pattern): a server-to-server route mints one, scoped to one workspace, one viewer
 * and a list of allowed origins; the browser sends it as `Authorization: Bearer <token>`.
 * Web Crypto only: runs in Node ≥ 20.19 and in a browser.
 *
 * Token format: `cks_<payload base64url>.<HMAC-SHA256 of "cks_<payload base64url>", base64url>`.
 */
import * as z from 'zod/mini';
import { ViewerSchema, type Viewer } from '../../core/viewer.js';
import { fromBase64Url, jsonFromBytes, toBase64Url, utf8 } from '../crypto/encoding.js';

export interface EmbeddedSession {
  workspaceId: string;
  viewer: Viewer;
  allowedOrigins: string[];
  /** ms since the epoch */
  issuedAt: number;
  /** ms since the epoch */
  expiresAt: number;
  id: string;
}

export interface MintSessionInput {
  workspaceId: string;
  viewer: EmbeddedSession['viewer'];
  allowedOrigins: string[];
  /** Default 15 minutes; capped at 1 hour. */
  ttlSeconds?: number;
}

const PREFIX = 'cks_';
const DEFAULT_TTL_SECONDS = 15 * 60;
const MAX_TTL_SECONDS = 60 * 60;
const MAX_TOKEN_LENGTH = 8192;
const MAKE_ONE = 'Make one with: openssl rand -base64 32';

const NonEmpty = z.string().check(z.minLength(1));
const SessionSchema = z.object({
  workspaceId: NonEmpty,
  viewer: ViewerSchema,
  allowedOrigins: z.array(z.string().check(z.refine(isExactOrigin, 'not an exact origin'))).check(z.minLength(1)),
  issuedAt: z.number(),
  expiresAt: z.number(),
  id: NonEmpty,
});

export class SessionSigner {
  private constructor(private readonly key: CryptoKey) {}

  static async create(secret: string): Promise<SessionSigner> {
    if (typeof secret !== 'string' || secret.length < 32) {
      throw new Error(`The session signing secret must be at least 32 characters (got ${typeof secret === 'string' ? secret.length : 0}). ${MAKE_ONE}`);
    }
    const key = await subtle().importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return new SessionSigner(key);
  }

  async mint(input: MintSessionInput, now = Date.now()): Promise<{ token: string; session: EmbeddedSession }> {
    const origins: unknown = input.allowedOrigins;
    if (!Array.isArray(origins) || origins.length === 0) {
      throw new Error('Cannot mint an embedded session: allowedOrigins needs at least one origin, such as https://portal.example.com.');
    }
    for (const origin of origins) {
      if (!isExactOrigin(origin)) {
        const normal = originOf(origin);
        const hint = normal && normal !== 'null' && normal !== origin ? `; did you mean '${normal}'?` : '.';
        throw new Error(`Cannot mint an embedded session: allowed origin '${String(origin)}' is not an exact origin (http(s)://host[:port], no path, no trailing slash, no wildcard)${hint}`);
      }
    }
    const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (typeof ttl !== 'number' || !(ttl > 0)) {
      throw new Error(`Cannot mint an embedded session: ttlSeconds must be a positive number (got ${String(ttl)}).`);
    }
    const parsed = SessionSchema.safeParse({
      workspaceId: input.workspaceId,
      viewer: input.viewer,
      allowedOrigins: origins,
      issuedAt: now,
      expiresAt: now + Math.round(Math.min(ttl, MAX_TTL_SECONDS) * 1000),
      id: toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16))),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Cannot mint an embedded session: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid input'}.`);
    }
    const signed = PREFIX + toBase64Url(utf8(JSON.stringify(parsed.data)));
    const signature = new Uint8Array(await subtle().sign('HMAC', this.key, utf8(signed)));
    return { token: `${signed}.${toBase64Url(signature)}`, session: parsed.data };
  }

  /** The session, or null for anything wrong: format, signature, payload, expiry. */
  async verify(token: string, now = Date.now()): Promise<EmbeddedSession | null> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) return null;
    const [signed, signatureText, ...rest] = token.split('.');
    const signature = fromBase64Url(signatureText);
    if (!signed || rest.length > 0 || signature?.length !== 32) return null;
    // The signature is checked (in constant time) before anything reads the payload.
    if (!(await subtle().verify('HMAC', this.key, signature, utf8(signed)))) return null;
    const payload = fromBase64Url(signed.slice(PREFIX.length));
    if (!payload) return null;
    const parsed = SessionSchema.safeParse(jsonFromBytes(payload));
    if (!parsed.success || !(now < parsed.data.expiresAt)) return null;
    return parsed.data;
  }
}

/** Exact string equality against the session's allowed origins; a missing Origin is never allowed. */
export function originAllowed(session: EmbeddedSession, origin: string | null): boolean {
  return origin !== null && session.allowedOrigins.includes(origin);
}

/** `https://portal.example.com` or `http://localhost:5173`: exactly what `new URL(o).origin` gives back. */
function isExactOrigin(origin: unknown): origin is string {
  return typeof origin === 'string' && /^https?:\/\//.test(origin) && !origin.includes('*') && originOf(origin) === origin;
}

function originOf(origin: unknown): string | null {
  try {
    return new URL(String(origin)).origin;
  } catch {
    return null;
  }
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}
