/**
 * Seals Meta access tokens at rest with AES-256-GCM under a named key, so keys can rotate.
 * Web Crypto only: runs in Node ≥ 20.19 and in a browser.
 *
 * Sealed format: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url, a fresh 12-byte IV each time).
 * The `v1.<keyId>` header is the AES-GCM additional data, so a sealed value cannot be relabelled
 * with another key id.
 */
import { fromBase64Url, toBase64Url, utf8 } from './encoding.js';

export interface TokenKey {
  /** 1–64 letters, digits, `_` or `-`; written into every value it seals. */
  id: string;
  /** Base64 or base64url of exactly 32 random bytes (`openssl rand -base64 32`). */
  key: string;
}

const MAKE_ONE = 'Make one with: openssl rand -base64 32';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenVault {
  private constructor(
    private readonly keys: ReadonlyMap<string, CryptoKey>,
    private readonly currentId: string,
    private readonly currentKey: CryptoKey,
  ) {}

  /** The first key seals; the others only open values sealed before a rotation. */
  static async create(keys: TokenKey[]): Promise<TokenVault> {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new Error(`TokenVault needs at least one key. ${MAKE_ONE}, then set CHANNEL_KIT_TOKEN_KEYS=k1:<key>`);
    }
    const imported = new Map<string, CryptoKey>();
    for (const [i, { id, key }] of keys.entries()) {
      // The id is not echoed: a swapped id and key would print the key.
      if (typeof id !== 'string' || !KEY_ID.test(id)) {
        throw new Error(`Token key #${i + 1} has an invalid id: use 1-64 letters, digits, _ or - (for example k1).`);
      }
      if (imported.has(id)) throw new Error(`Token key id '${id}' is used twice: each key needs its own id.`);
      const bytes = decodeKey(key);
      if (bytes?.length !== KEY_BYTES) {
        const got = bytes ? `got ${bytes.length} bytes` : 'not valid base64';
        throw new Error(`Token key '${id}' must be base64 of exactly 32 bytes (${got}). ${MAKE_ONE}`);
      }
      imported.set(id, await subtle().importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']));
    }
    const [currentId, currentKey] = imported.entries().next().value as [string, CryptoKey];
    return new TokenVault(imported, currentId, currentKey);
  }

  async seal(plaintext: string): Promise<string> {
    const header = `v1.${this.currentId}`;
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8(header) }, this.currentKey, utf8(plaintext));
    return `${header}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
  }

  /** Errors name the key id at most, never the sealed value or the plaintext. */
  async open(sealed: string): Promise<string> {
    const { keyId, iv, data } = parseSealed(sealed);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new Error(`Cannot open a sealed token: it was sealed with key '${keyId}', which is not configured (keep it in CHANNEL_KIT_TOKEN_KEYS after the current key).`);
    }
    let plain: ArrayBuffer;
    try {
      plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: utf8(`v1.${keyId}`) }, key, data);
    } catch {
      throw new Error(`Cannot open a sealed token: it failed authentication under key '${keyId}' (altered, or sealed with other key material).`);
    }
    return new TextDecoder().decode(plain);
  }

  /** True when the value was sealed with a key other than the current one (open and seal it again). */
  needsReseal(sealed: string): boolean {
    return parseSealed(sealed).keyId !== this.currentId;
  }
}

/** Reads `CHANNEL_KIT_TOKEN_KEYS`: `kid1:base64key,kid2:base64key`, the current key first. */
export function parseTokenKeys(text: string | undefined): TokenKey[] {
  const entries = (text ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) {
    throw new Error(`CHANNEL_KIT_TOKEN_KEYS is not set: the server encrypts Meta tokens at rest and needs a key. ${MAKE_ONE}, then set CHANNEL_KIT_TOKEN_KEYS=k1:<key>`);
  }
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    if (colon < 1) throw new Error(`CHANNEL_KIT_TOKEN_KEYS entry #${i + 1} is not <keyId>:<base64 key> (for example k1:<key>).`);
    return { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
  });
}

/** A random key, for tests and the demo. */
export function generateTokenKey(id = 'k1'): TokenKey {
  return { id, key: btoa(String.fromCharCode(...globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES)))) };
}

function parseSealed(sealed: string): { keyId: string; iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> } {
  const [version, keyId, ivText, dataText, ...rest] = typeof sealed === 'string' ? sealed.split('.') : [];
  const iv = fromBase64Url(ivText);
  const data = fromBase64Url(dataText);
  if (version !== 'v1' || !keyId || !KEY_ID.test(keyId) || iv?.length !== IV_BYTES || !data || data.length < TAG_BYTES || rest.length > 0) {
    throw new Error('Cannot open a sealed token: it is not in the v1.<keyId>.<iv>.<ciphertext> format.');
  }
  return { keyId, iv, data };
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/** A configured key: base64 or base64url, padded or not. */
function decodeKey(key: unknown): Uint8Array<ArrayBuffer> | null {
  if (typeof key !== 'string') return null;
  const text = key.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/={0,2}$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return null;
  const raw = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}
