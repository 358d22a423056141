import { CONFIG_PERMISSIONS, type EmulatedChannelType, type EmulatorWorld } from './world.js';

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

const STYLE = `*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f0f2f5;color:#1c1e21}
.emulator{padding:.4rem 1rem;background:#fff4d6;color:#4a3600;font-size:14px;text-align:center;border-bottom:1px solid #e8d49a}.emulator p{margin:0}
main{max-width:36rem;margin:1.5rem auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 .5rem}
fieldset{border:1px solid #ccd0d5;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem .75rem}
legend{font-weight:600;padding:0 .25rem}
label{display:flex;gap:.6rem;align-items:flex-start;margin:.2rem 0;padding:.35rem .25rem;border-radius:4px;cursor:pointer}
label:hover{background:#f5f6f7}
input[type=checkbox],input[type=radio]{width:1.15rem;height:1.15rem;margin:.15rem 0 0;flex:none;accent-color:#1877f2}
.name{display:block}.note{display:block;color:#555b63;font-size:14px}
.assets{margin:.25rem 0 0 1.75rem}
ul.permissions{margin:.25rem 0 0 1.75rem;padding:0 0 0 1rem;color:#555b63;font-size:14px}
.actions{display:flex;gap:.75rem;margin-top:1rem}
button,select{font:inherit;min-height:2.5rem;padding:.45rem 1.1rem;border-radius:6px;border:1px solid #8d949e;background:#f5f6f7;color:#1c1e21;cursor:pointer}
button.primary{background:#0866ff;border-color:#0866ff;color:#fff;font-weight:600}
button:hover{filter:brightness(.95)}
:focus-visible{outline:3px solid #0866ff;outline-offset:2px}
details{margin-top:1.25rem;border-top:1px solid #dddfe2;padding-top:.75rem;font-size:14px}
summary{cursor:pointer;color:#555b63}
details .row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin-top:.5rem}
.problem{color:#b00020;font-weight:600}`;

/** The script of the WhatsApp result page: posts Embedded Signup's message, then follows the redirect. */
const SIGNUP_SCRIPT = `(function () {
  var result = document.getElementById('result');
  if (!result) return;
  var message = result.getAttribute('data-message');
  var target = result.getAttribute('data-redirect');
  try { if (message && window.opener) window.opener.postMessage(message, '*'); } catch (e) { /* opener gone */ }
  if (target) window.location.replace(target);
})();`;

/**
 * The consent page's script (the page works without it): ticking an account chooses its business
 * portfolio and clears the accounts ticked under another one; choosing a portfolio clears the others'.
 */
const DIALOG_SCRIPT = `(function () {
  var form = document.getElementById('consent');
  if (!form) return;
  form.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || !input.getAttribute) return;
    var business = input.name === 'asset' ? input.getAttribute('data-business') : input.name === 'business_id' ? input.value : null;
    if (!business || (input.name === 'asset' && !input.checked)) return;
    var radios = form.querySelectorAll('input[name="business_id"]');
    for (var i = 0; i < radios.length; i++) if (radios[i].value === business) radios[i].checked = true;
    var assets = form.querySelectorAll('input[name="asset"]');
    for (var j = 0; j < assets.length; j++) if (assets[j].getAttribute('data-business') !== business) assets[j].checked = false;
  });
})();`;

export const DIALOG_ASSETS: Record<string, { type: string; body: string }> = {
  '/_emulator/dialog.css': { type: 'text/css; charset=utf-8', body: STYLE },
  '/_emulator/dialog.js': { type: 'text/javascript; charset=utf-8', body: DIALOG_SCRIPT },
  '/_emulator/signup.js': { type: 'text/javascript; charset=utf-8', body: SIGNUP_SCRIPT },
  // The browser asks every page for an icon; a 404 would be an error in its console.
  '/_emulator/icon.svg': {
    type: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#0866ff"/><path d="M5 8h6M8 5v6" stroke="#fff" stroke-width="2"/></svg>',
  },
};

function page(title: string, body: string, script: 'signup' | 'dialog' | null = null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="/_emulator/icon.svg"><link rel="stylesheet" href="/_emulator/dialog.css">${script ? `<script src="/_emulator/${script}.js" defer></script>` : ''}</head>
<body><header class="emulator"><p>Graph API emulator: a stand-in for Meta's dialog, for development and tests.</p></header><main>${body}</main></body></html>`;
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

const WHAT: Record<EmulatedChannelType, { plural: string; heading: string }> = {
  facebook: { plural: 'Facebook Pages', heading: 'Choose the Facebook Pages' },
  instagram: { plural: 'Instagram accounts', heading: 'Choose the Instagram accounts' },
  whatsapp: { plural: 'WhatsApp Business number', heading: 'Connect your WhatsApp Business number' },
};

export function consentPage(input: {
  world: EmulatorWorld;
  type: EmulatedChannelType;
  dialogId: string;
  reauthorize: boolean;
  problem?: string;
  /** What the person had chosen, kept when the page comes back with a problem. */
  chosen?: { businessId: string; assetIds: string[]; allPermissions: boolean };
}): string {
  const { world, type, chosen } = input;
  const choices = dialogChoices(world, type);
  const businesses = world.businesses.filter((b) => choices.some((c) => c.businessId === b.id));
  const selectedBusiness = businesses.some((b) => b.id === chosen?.businessId) ? chosen!.businessId : businesses[0]?.id;
  const single = type === 'whatsapp';
  const what = WHAT[type];
  const app = escapeHtml(world.appName);
  const groups = businesses
    .map((b, i) => {
      const items = choices
        .filter((c) => c.businessId === b.id)
        .map((c, j) => {
          const id = `asset-${i}-${j}`;
          const checked = chosen?.assetIds.includes(c.id) ? ' checked' : '';
          return `<label for="${id}"><input id="${id}" type="${single ? 'radio' : 'checkbox'}" name="asset" value="${escapeHtml(c.id)}" data-business="${escapeHtml(b.id)}"${checked}><span><span class="name">${escapeHtml(c.label)}</span><span class="note">${escapeHtml(c.note)}</span></span></label>`;
        })
        .join('');
      const checked = b.id === selectedBusiness ? ' checked' : '';
      return `<fieldset><legend><label for="business-${i}"><input id="business-${i}" type="radio" name="business_id" value="${escapeHtml(b.id)}"${checked}><span class="name">${escapeHtml(b.name)}</span></label></legend><div class="assets">${items}</div></fieldset>`;
    })
    .join('');
  const permissions = CONFIG_PERMISSIONS[type].map((p) => `<li>${escapeHtml(p)}</li>`).join('');
  const allPermissions = chosen ? chosen.allPermissions : true;
  // Continue is the form's first submit button, so Enter on a ticked box continues (the default button).
  return page(
    `Log in with Facebook: ${world.appName}`,
    `<form id="consent" method="post" action="/dialog/oauth/confirm" aria-labelledby="consent-heading">
<h1 id="consent-heading">${escapeHtml(what.heading)}</h1>
<p><strong>${app}</strong> asks to manage messages for your ${escapeHtml(what.plural)}.</p>
<p class="note">Logged in to Facebook as ${escapeHtml(world.user.name)}</p>
${input.reauthorize ? '<p class="note">Reauthorizing: choose the same account again.</p>' : ''}
${input.problem ? `<p class="problem" role="alert">${escapeHtml(input.problem)}</p>` : ''}
<input type="hidden" name="dialog" value="${escapeHtml(input.dialogId)}">
<p class="note">Choose a business portfolio, then ${single ? 'one number' : 'accounts'} in it.</p>
${groups || '<p class="note">No business portfolio with such accounts.</p>'}
<fieldset><legend>Permissions</legend>
<label for="all-permissions"><input id="all-permissions" type="checkbox" name="all_permissions" value="on"${allPermissions ? ' checked' : ''} aria-describedby="permission-list"><span class="name">Allow every permission ${app} asks for</span></label>
<ul class="permissions" id="permission-list">${permissions}</ul>
</fieldset>
<div class="actions"><button class="primary" type="submit" name="action" value="continue">Continue</button><button type="submit" name="action" value="cancel">Cancel</button></div>
<details><summary>Emulator: end the dialog with an error instead</summary>
<div class="row"><label for="fail-code">Error <select id="fail-code" name="fail_code"><option value="server_error">server_error</option><option value="temporarily_unavailable">temporarily_unavailable</option></select></label>
<button type="submit" name="action" value="fail">Fail</button></div></details>
</form>`,
    'dialog',
  );
}

/** WhatsApp's result page: the Embedded Signup message in a data attribute (read as text), then the redirect. */
export function signupResultPage(message: string, redirect: string): string {
  return page(
    'Embedded Signup',
    `<div id="result" data-message="${escapeHtml(message)}" data-redirect="${escapeHtml(redirect)}"><p role="status">Returning to the app…</p><p><a href="${escapeHtml(redirect)}">Continue</a></p></div>`,
    'signup',
  );
}
