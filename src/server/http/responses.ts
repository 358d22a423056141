import type { ErrorBody } from '../../core/errors.js';
import { isChannelKitError } from '../../core/errors.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** An error in the contract's shape: `{ error: { code, message, … } }`. */
export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body: ErrorBody & { error: Record<string, unknown> } = { error: { code, message, ...extra } };
  return json(body, status, headers);
}

/** An error that reached the edge: the rules' own errors as they are; anything else is a 500 that says only the request id. */
export function responseForError(error: unknown, requestId: string): { response: Response; unexpected: boolean } {
  if (isChannelKitError(error) && error.status && error.status >= 400 && error.status < 600) {
    const extra: Record<string, unknown> = {};
    if (error.meta) {
      extra.meta = {
        code: error.meta.code,
        error_subcode: error.meta.subcode,
        fbtrace_id: error.meta.fbtraceId,
        error_user_msg: error.meta.userMessage,
        error_user_title: error.meta.userTitle,
      };
    }
    if (error.issuePath) extra.path = error.issuePath;
    const headers: Record<string, string> = error.retryAfterMs ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
    return { response: errorResponse(error.status, error.code ?? error.kind, error.message, extra, headers), unexpected: false };
  }
  return {
    response: errorResponse(500, 'internal', `Something went wrong on the server. Request id: ${requestId}`, { requestId }),
    unexpected: true,
  };
}
