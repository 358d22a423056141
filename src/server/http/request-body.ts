import { ChannelKitError } from '../../core/errors.js';

/** A request's body as bytes, refused with a 413 past `max` bytes (declared or read). */
export async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The bytes as UTF-8 text; a 400 when they are not. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ChannelKitError('invalid_request', 'The request body is not UTF-8 text.', { status: 400, code: 'invalid_json' });
  }
}

function tooLarge() {
  return new ChannelKitError('invalid_request', 'The request body is too large.', { status: 413, code: 'body_too_large' });
}
