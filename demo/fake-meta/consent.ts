// The demo's fake Meta consent screen, opened by Channel Kit in a real popup at the URL the server's
// fake Meta built (`client_id`, `config_id`, `state`, `redirect_uri`, `auth_type`): choose a business
// portfolio and accounts, Continue or Cancel, or make Meta fail. Like Meta, it then sends the popup to
// `redirect_uri` with a code (or an error) and the state. It asks the fake Meta that runs in its opener
// (the static demo, the CSP test page, the browser tests). `npm start` uses the Graph API emulator's
// dialog instead (demo/server/demo-meta.ts); a real flow goes to Meta.
import type { AuthorizableType, Eligibility } from '../../src/core/authorization.js';
import type { ConsentView } from '../../src/mocks/fake-meta.js';
import type { FakeMetaBridge } from '../../src/mocks/fake-meta-bridge.js';
import { h } from './dom.js';

const params = new URLSearchParams(location.search);
const state = params.get('state') ?? '';
const configId = params.get('config_id') ?? '';
const redirectUri = params.get('redirect_uri') ?? '';
const reauthorize = params.get('auth_type') === 'rerequest';
const app = document.querySelector<HTMLElement>('#app')!;

const TYPE_NAMES: Record<AuthorizableType, string> = {
  facebook: 'Facebook Page',
  instagram: 'Instagram business account',
  whatsapp: 'WhatsApp Business number',
};
/** What the consent screen says of an account Meta's own facts make ineligible (Meta knows nothing of workspaces). */
const INELIGIBILITY_NOTES: Record<Exclude<Eligibility, 'eligible'>, string> = {
  not_business_account: 'personal account, not a business account',
  page_not_in_portfolio: 'not linked to a Page in this portfolio',
  missing_permission: 'a permission Channel Kit Demo needs is not granted',
  already_connected: 'already connected',
};
const META_ERROR = { code: 'meta_error', message: 'An unexpected error has occurred. Please retry your request later.', fbtraceId: 'AxD3moTr4ce' };

const channelType = configId.replace(/^demo_/, '') as AuthorizableType;

/** Meta sends the popup back to the app's registered redirect URI; this fake accepts its own origin's. */
function redirectTarget(): URL | null {
  try {
    const url = new URL(redirectUri);
    return url.origin === location.origin ? url : null;
  } catch {
    return null;
  }
}

function redirect(query: Record<string, string>) {
  const url = redirectTarget()!;
  for (const [name, value] of Object.entries({ ...query, state })) url.searchParams.set(name, value);
  location.assign(url.href);
}

/** The fake Meta of the page that opened this popup, if it runs one (and shares this origin). */
function openerBridge(): FakeMetaBridge | undefined {
  try {
    return (window.opener as Window | null)?.__channelKitFakeMeta;
  } catch {
    return undefined;
  }
}

async function fakeMeta<T>(path: string, body?: unknown): Promise<T> {
  const bridge = openerBridge();
  if (!bridge) throw new Error('the page that opened this window runs no fake Meta.');
  return (await bridge(path, body)) as T;
}

/** WhatsApp's Embedded Signup also reports through message events (here from the demo's origin). */
function postSignupEvent(event: string, data: Record<string, string>) {
  window.opener?.postMessage(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event, data }), location.origin);
}

function render(view: ConsentView) {
  const { portfolios, accounts } = view;
  const whatsapp = channelType === 'whatsapp';
  let portfolioId = portfolios[0]?.id;

  const accountList = h('div');
  const renderAccounts = () => {
    accountList.replaceChildren(
      ...accounts
        .filter((a) => a.portfolioId === portfolioId)
        .map((account) => {
          const note = account.ineligibility ? INELIGIBILITY_NOTES[account.ineligibility as keyof typeof INELIGIBILITY_NOTES] : '';
          return h(
            'label',
            {},
            h('input', { type: 'checkbox', name: 'account', value: account.id }),
            h('span', {}, account.name, account.username ? ` (@${account.username})` : '', note ? h('span', { class: 'note' }, ` — ${note}`) : null),
          );
        }),
    );
  };

  const portfolioSet = h(
    'fieldset',
    {},
    h('legend', {}, 'Business portfolio'),
    ...portfolios.map((p) =>
      h('label', {}, h('input', { type: 'radio', name: 'portfolio', value: p.id, checked: p.id === portfolioId }), h('span', {}, p.name)),
    ),
  );
  portfolioSet.addEventListener('change', (event) => {
    portfolioId = (event.target as HTMLInputElement).value;
    renderAccounts();
  });
  renderAccounts();

  const permissions = h('input', { type: 'checkbox', checked: true });
  const failure = h(
    'select',
    { 'aria-label': 'Demo: make Meta fail' },
    h('option', { value: '' }, 'No'),
    h('option', { value: 'meta_error' }, 'Yes: a Meta error with an fbtrace_id'),
  );
  const problem = h('p', { class: 'note', role: 'alert' });

  const cont = h('button', { class: 'primary', type: 'submit' }, 'Continue');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    {},
    h('h1', {}, whatsapp ? 'Connect your WhatsApp Business number' : `Choose the ${TYPE_NAMES[channelType]}`),
    h('p', { class: 'note' }, `Logged in as Somchai J. (demo). Channel Kit Demo asks to manage messages for your ${TYPE_NAMES[channelType]}.`),
    reauthorize ? h('p', { class: 'banner' }, 'Reauthorizing: choose the same account again to refresh its token.') : null,
    portfolioSet,
    h('fieldset', {}, h('legend', {}, 'Accounts'), accountList),
    h('label', {}, permissions, h('span', {}, 'Allow every permission Channel Kit Demo asks for')),
    h('label', { class: 'note' }, h('span', {}, 'Demo: make Meta fail?'), failure),
    problem,
    h('div', { class: 'actions' }, cancel, cont),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (failure.value === 'meta_error') {
      if (whatsapp) {
        postSignupEvent('ERROR', { error_message: META_ERROR.message, error_id: '524126', session_id: META_ERROR.fbtraceId });
        window.close();
      } else {
        redirect({ error: META_ERROR.code, error_description: META_ERROR.message, fbtrace_id: META_ERROR.fbtraceId });
      }
      return;
    }
    const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="account"]:checked')].map((i) => i.value);
    if (chosen.length === 0) {
      problem.textContent = 'Choose at least one account.';
      return;
    }
    cont.disabled = true;
    fakeMeta<{ code: string }>('grant', { configId, accountIds: chosen, redirectUri, permissionsGranted: permissions.checked }).then(
      ({ code }) => {
        if (whatsapp) postSignupEvent('FINISH', { phone_number_id: chosen[0]!, waba_id: `waba_${chosen[0]}` });
        redirect({ code });
      },
      (error: unknown) => {
        cont.disabled = false;
        problem.textContent = `Meta could not continue: ${(error as Error).message}`;
      },
    );
  });
  cancel.addEventListener('click', () => {
    if (whatsapp) {
      postSignupEvent('CANCEL', { current_step: 'PHONE_NUMBER_SETUP' });
      window.close();
    } else {
      redirect({ error: 'access_denied', error_description: 'Permissions error' });
    }
  });

  app.replaceChildren(form);
}

if (!state || !Object.hasOwn(TYPE_NAMES, channelType)) {
  app.replaceChildren(h('p', {}, 'Open this page from the Channel Kit demo ("Add Channel").'));
} else if (!redirectTarget()) {
  app.replaceChildren(h('p', { role: 'alert' }, 'This app may not send you back to that address (redirect_uri).'));
} else {
  fakeMeta<ConsentView>(`view?config_id=${encodeURIComponent(configId)}`).then(render, (error: unknown) => {
    app.replaceChildren(h('p', { role: 'alert' }, `Meta cannot show this screen: ${(error as Error).message}`));
  });
}
