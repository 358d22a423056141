// The static demo's (and the tests') stand-in for the server's callback page, where the in-page
// server sends Meta's redirect. Under `npm start`, and on a real server, the redirect goes to the
// server's own `/authorizations/callback`: it receives ?code&state (or ?error) and posts this same
// message to the opener with the exact target origin of the page that started the flow, then closes.
const params = new URLSearchParams(location.search);
const error = params.get('error');
const message = {
  type: 'channel-kit:authorization',
  state: params.get('state') ?? '',
  code: params.get('code'),
  error: error
    ? { code: error, message: params.get('error_description') ?? undefined, fbtraceId: params.get('fbtrace_id') ?? undefined }
    : null,
};

// The demo embeds Channel Kit on its own origin; a host's callback names the host's origin here.
const targetOrigin = location.origin;
if (window.opener) {
  window.opener.postMessage(message, targetOrigin);
  window.close();
} else {
  document.querySelector('#message')!.textContent = 'This window was not opened by Channel Kit. You can close it.';
}
