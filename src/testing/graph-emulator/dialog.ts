import type { EmulatedChannelType, EmulatorWorld } from './world.js';

/** Text in HTML: everything the page shows is escaped here; the page's script never writes HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A strict policy: no inline script or style, nothing from elsewhere, forms only back to the emulator. */
export const DIALOG_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The dialog's policy: its form may also end at the app's redirect URI (browsers apply `form-action` to the redirect). */
export function dialogCsp(redirectUri: string | null): string {
  let origin: string | null = null;
  try {
    origin = redirectUri ? new URL(redirectUri).origin : null;
  } catch {
    origin = null;
  }
  return origin && origin !== 'null' ? DIALOG_CSP.replace("form-action 'self'", `form-action 'self' ${origin}`) : DIALOG_CSP;
}

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f0f2f5;color:#1c1e21}
main{max-width:34rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0003}
fieldset{border:1px solid #dddfe2;border-radius:6px;margin:0 0 1rem}label{display:block;margin:.3rem 0}
.note{color:#606770;font-size:13px}.actions{display:flex;gap:.5rem;justify-content:flex-end}
button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #ccd0d5;background:#f5f6f7}
button.primary{background:#1877f2;border-color:#1877f2;color:#fff}.problem{color:#b00020}`;

/** The script of the WhatsApp result page: posts Embedded Signup's message, then follows the redirect. */
const SIGNUP_SCRIPT = `(function () {
  var result = document.getElementById('result');
  if (!result) return;
  var message = result.getAttribute('data-message');
  var target = result.getAttribute('data-redirect');
  try { if (message && window.opener) window.opener.postMessage(message, '*'); } catch (e) { /* opener gone */ }
  if (target) window.location.replace(target);
})();`;

export const DIALOG_ASSETS: Record<string, { type: string; body: string }> = {
  '/_emulator/dialog.css': { type: 'text/css; charset=utf-8', body: STYLE },
  '/_emulator/signup.js': { type: 'text/javascript; charset=utf-8', body: SIGNUP_SCRIPT },
};

function page(title: string, body: string, script = false): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/_emulator/dialog.css">${script ? '<script src="/_emulator/signup.js" defer></script>' : ''}</head>
<body><main>${body}</main></body></html>`;
}

export function errorPage(message: string): string {
  return page('Error', `<h1>Sorry, something went wrong.</h1><p class="problem" role="alert">${escapeHtml(message)}</p>`);
}

interface DialogChoice {
  id: string;
  label: string;
  note: string;
  businessId: string | null;
}

/** What the dialog offers for a configuration: Pages, Instagram accounts or WhatsApp numbers. */
export function dialogChoices(world: EmulatorWorld, type: EmulatedChannelType): DialogChoice[] {
  if (type === 'facebook') {
    return world.pages.map((p) => ({ id: p.id, label: p.name, note: 'Facebook Page', businessId: p.businessId }));
  }
  if (type === 'instagram') {
    return world.instagramAccounts.map((a) => ({
      id: a.id,
      label: `${a.name} (@${a.username})`,
      note: a.professional ? 'Instagram professional account' : 'Instagram account',
      businessId: a.businessId,
    }));
  }
  return world.wabas.flatMap((w) =>
    w.phoneNumbers.map((n) => ({ id: n.id, label: n.displayPhoneNumber, note: `WhatsApp Business account: ${w.name}`, businessId: w.businessId })),
  );
}

export function consentPage(input: {
  world: EmulatorWorld;
  type: EmulatedChannelType;
  dialogId: string;
  reauthorize: boolean;
  problem?: string;
}): string {
  const { world, type } = input;
  const choices = dialogChoices(world, type);
  const businesses = world.businesses.filter((b) => choices.some((c) => c.businessId === b.id));
  const single = type === 'whatsapp';
  const what = type === 'facebook' ? 'Facebook Pages' : type === 'instagram' ? 'Instagram accounts' : 'WhatsApp Business number';
  const groups = businesses
    .map((b, i) => {
      const items = choices
        .filter((c) => c.businessId === b.id)
        .map(
          (c) =>
            `<label><input type="${single ? 'radio' : 'checkbox'}" name="asset" value="${escapeHtml(c.id)}"> ${escapeHtml(c.label)} <span class="note">${escapeHtml(c.note)}</span></label>`,
        )
        .join('');
      return `<fieldset><legend><label><input type="radio" name="business_id" value="${escapeHtml(b.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(b.name)}</label></legend>${items}</fieldset>`;
    })
    .join('');
  return page(
    `Log in with Facebook`,
    `<form method="post" action="/dialog/oauth/confirm">
<h1>${escapeHtml(single ? 'Connect your WhatsApp Business number' : `Choose the ${what}`)}</h1>
<p class="note">Logged in as ${escapeHtml(world.user.name)}. The app ${escapeHtml(world.appId)} asks to manage messages for your ${escapeHtml(what)}.</p>
${input.reauthorize ? '<p class="note">Reauthorizing: choose the same account again.</p>' : ''}
${input.problem ? `<p class="problem" role="alert">${escapeHtml(input.problem)}</p>` : ''}
<input type="hidden" name="dialog" value="${escapeHtml(input.dialogId)}">
<p class="note">Choose a business portfolio, then accounts in it.</p>
${groups || '<p class="note">No business portfolio with such accounts.</p>'}
<label><input type="checkbox" name="all_permissions" value="on" checked> Allow every permission the app asks for</label>
<label>Make Meta fail (emulator) <select name="fail_code"><option value="server_error">server_error</option><option value="temporarily_unavailable">temporarily_unavailable</option></select></label>
<div class="actions"><button type="submit" name="action" value="cancel">Cancel</button><button type="submit" name="action" value="fail">Fail</button><button class="primary" type="submit" name="action" value="continue">Continue</button></div>
</form>`,
  );
}

/** WhatsApp's result page: the Embedded Signup message in a data attribute (read as text), then the redirect. */
export function signupResultPage(message: string, redirect: string): string {
  return page(
    'Embedded Signup',
    `<div id="result" data-message="${escapeHtml(message)}" data-redirect="${escapeHtml(redirect)}"><p>Returning to the app…</p><p><a href="${escapeHtml(redirect)}">Continue</a></p></div>`,
    true,
  );
}
