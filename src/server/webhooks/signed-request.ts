import * as z from 'zod/mini';
import { hmacKey, hmacMatches } from '../crypto/constant-time.js';
import { fromBase64Url, jsonFromBytes, utf8 } from '../crypto/encoding.js';
import { MetaId } from './meta-id.js';

const SignedRequestPayload = z.object({
  algorithm: z.literal('HMAC-SHA256'),
  issued_at: z.optional(z.number()),
  user_id: MetaId,
});

export interface SignedRequest {
  /** The Meta user the callback is about. */
  userId: string;
  /** Unix seconds, when Meta said. */
  issuedAt: number | null;
}

/** A signed_request is a few hundred bytes; anything much longer was not made by Meta. */
const MAX_LENGTH = 8192;

/**
 * Reads the `signed_request` Meta posts to the deauthorize and data-deletion callbacks:
 * `base64url(sig).base64url(payload)`, `sig` the HMAC-SHA256 of the payload segment (as sent) with the
 * app secret, the payload JSON saying `algorithm: "HMAC-SHA256"` (META-API §4). Null unless all of it holds.
 */
export async function signedRequestReader(appSecret: string): Promise<(value: string) => Promise<SignedRequest | null>> {
  const key = await hmacKey(appSecret);
  return async (value) => {
    if (value.length > MAX_LENGTH) return null;
    const [sigSegment, payloadSegment, ...rest] = value.split('.');
    if (sigSegment === undefined || payloadSegment === undefined || rest.length > 0) return null;
    const sig = fromBase64Url(unpadded(sigSegment));
    if (!sig || !(await hmacMatches(key, utf8(payloadSegment), sig))) return null;
    const payloadBytes = fromBase64Url(unpadded(payloadSegment));
    if (!payloadBytes) return null;
    const parsed = z.safeParse(SignedRequestPayload, jsonFromBytes(payloadBytes));
    return parsed.success ? { userId: parsed.data.user_id, issuedAt: parsed.data.issued_at ?? null } : null;
  };
}

/** Meta's base64url has no padding; some encoders add it. */
function unpadded(segment: string): string {
  return segment.replace(/={1,2}$/, '');
}
