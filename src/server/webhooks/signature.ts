import { hmacKey, hmacMatches } from '../crypto/constant-time.js';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` on a delivery: the HMAC-SHA256 of the raw request
 * bytes with the app secret (META-API §4). Over the bytes as received: Meta escapes Unicode and `/`, so
 * JSON parsed and serialized again is other bytes and does not match.
 */
export async function deliverySignatureCheck(appSecret: string): Promise<(rawBody: Uint8Array<ArrayBuffer>, header: string | null) => Promise<boolean>> {
  const key = await hmacKey(appSecret);
  return async (rawBody, header) => {
    const hex = header ? SIGNATURE.exec(header.trim())?.[1] : undefined;
    if (!hex) return false;
    return hmacMatches(key, rawBody, hexBytes(hex));
  };
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
