/**
 * Comparisons of secrets and MACs that take the same time wherever the values differ. Web Crypto
 * only, like the vault: the handler also runs in a page (the in-page backend), where `node:crypto`'s
 * `timingSafeEqual` does not exist.
 */
import { utf8 } from './encoding.js';

/** Equal bytes, compared in constant time. The lengths are compared first: a length is no secret (a MAC's is fixed). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Compares secrets by their SHA-256 digests, so the time taken says nothing about the secret, not even its length. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(s)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return equalBytes(a, b) && given.length > 0;
}

/** An HMAC-SHA256 key for `secret`, imported once and kept. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export async function hmacSha256(key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}

const HMAC_SHA256_BYTES = 32;

/**
 * Whether `mac` is the HMAC-SHA256 of `data`: the length first, then Web Crypto's `verify`, which
 * compares in constant time itself (Node's implementation uses `CRYPTO_memcmp`).
 */
export async function hmacMatches(key: CryptoKey, data: Uint8Array<ArrayBuffer>, mac: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (mac.length !== HMAC_SHA256_BYTES) return false;
  return crypto.subtle.verify('HMAC', key, mac, data);
}
