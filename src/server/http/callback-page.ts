import { randomId } from '../rules/authorizations.js';

export interface CallbackMessage {
  type: 'channel-kit:authorization';
  state: string;
  code: string | null;
  error: { code: string; message?: string; fbtraceId?: string } | null;
}

/**
 * The popup's last page, served by the server itself: it posts the result to the exact origin that
 * started the flow, and to no other, then closes. With no such origin (an unknown or used `state`)
 * it posts nothing. The message travels as JSON text in a non-executable script element.
 */
export function callbackPage(message: CallbackMessage, targetOrigin: string | null): Response {
  const nonce = randomId(16);
  const data = JSON.stringify({ message, targetOrigin }).replace(/</g, '\\u003c');
  const script = `
const { message, targetOrigin } = JSON.parse(document.getElementById('result').textContent);
const status = document.getElementById('status');
if (targetOrigin && window.opener) {
  window.opener.postMessage(message, targetOrigin);
  window.close();
  status.textContent = 'Done. You can close this window.';
} else {
  status.textContent = targetOrigin ? 'This window was not opened by Channel Kit. You can close it.' : 'This authorization is no longer valid. Close this window and start again.';
}`;
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Channel Kit</title></head>
<body>
<p id="status">Finishing…</p>
<script type="application/json" id="result">${data}</script>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
    },
  });
}
