/** Byte encodings for the server's crypto, the same in Node and in a page (no Buffer). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict UTF-8 JSON from bytes (a signed payload); `undefined` when it is not that. */
export function jsonFromBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** Strict: only the one canonical unpadded spelling decodes, so a sealed value or a token cannot be respelled. */
export function fromBase64Url(text: string | undefined): Uint8Array<ArrayBuffer> | null {
  if (text === undefined || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : null;
}
