// The demo's fake Meta consent screen, opened by Channel Kit in a real popup: choose a business
// portfolio and accounts, Continue or Cancel, or make Meta fail. It reaches the demo's backend
// through the opener (see src/mocks/fake-meta.ts); a real flow goes to Meta instead.
import type { FakeMeta } from '../../src/mocks/fake-meta.js';
import { h } from './dom.js';

const params = new URLSearchParams(location.search);
const sessionId = params.get('session') ?? '';
const state = params.get('state') ?? '';
const app = document.querySelector<HTMLElement>('#app')!;

const TYPE_NAMES = { facebook: 'Facebook Page', instagram: 'Instagram business account', whatsapp: 'WhatsApp Business number' };
const META_ERROR = { code: 'meta_error', message: 'An unexpected error has occurred. Please retry your request later.', fbtraceId: 'AxD3moTr4ce' };

function toCallback(query: Record<string, string>) {
  location.assign(`./callback.html?${new URLSearchParams({ state, ...query })}`);
}

/** WhatsApp's Embedded Signup also reports through message events (here from the demo's origin). */
function postSignupEvent(event: string, data: Record<string, string>) {
  window.opener?.postMessage(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event, data }), location.origin);
}

function noteFor(account: ReturnType<FakeMeta['describe']>['accounts'][number], connected: string[], expected: string | null) {
  if (expected && account.id === expected) return 'the account this channel belongs to';
  if (connected.includes(account.id)) return 'already connected';
  if (account.type === 'instagram' && account.isBusiness === false) return 'personal account, not a business account';
  if (account.type === 'instagram' && account.pageInPortfolio === false) return 'not linked to a Page in this portfolio';
  return '';
}

function render(meta: FakeMeta) {
  const { session, portfolios, accounts, connectedAccountIds, expectedAccountId } = meta.describe(sessionId);
  const whatsapp = session.channelType === 'whatsapp';
  let portfolioId = portfolios.find((p) => accounts.some((a) => a.id === expectedAccountId && a.portfolioId === p.id))?.id ?? portfolios[0]?.id;

  const accountList = h('div');
  const renderAccounts = () => {
    accountList.replaceChildren(
      ...accounts
        .filter((a) => a.portfolioId === portfolioId)
        .map((account) => {
          const note = noteFor(account, connectedAccountIds, expectedAccountId);
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
    h('h1', {}, whatsapp ? 'Connect your WhatsApp Business number' : `Choose the ${TYPE_NAMES[session.channelType]}`),
    h('p', { class: 'note' }, `Logged in as Somchai J. (demo). Channel Kit Demo asks to manage messages for your ${TYPE_NAMES[session.channelType]}.`),
    session.mode === 'reauthorize' ? h('p', { class: 'banner' }, 'Reauthorizing: choose the same account again to refresh its token.') : null,
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
      meta.fail(sessionId, META_ERROR);
      if (whatsapp) {
        postSignupEvent('ERROR', { error_message: META_ERROR.message, error_id: '524126', session_id: META_ERROR.fbtraceId });
        window.close();
      } else {
        toCallback({ error: META_ERROR.code, error_description: META_ERROR.message, fbtrace_id: META_ERROR.fbtraceId });
      }
      return;
    }
    const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="account"]:checked')].map((i) => i.value);
    if (chosen.length === 0) {
      problem.textContent = 'Choose at least one account.';
      return;
    }
    const { code } = meta.grant(sessionId, chosen, { permissionsGranted: permissions.checked });
    if (whatsapp) postSignupEvent('FINISH', { phone_number_id: chosen[0]!, waba_id: `waba_${chosen[0]}` });
    toCallback({ code });
  });
  cancel.addEventListener('click', () => {
    meta.cancel(sessionId);
    if (whatsapp) {
      postSignupEvent('CANCEL', { current_step: 'PHONE_NUMBER_SETUP' });
      window.close();
    } else {
      toCallback({ error: 'access_denied', error_description: 'Permissions error' });
    }
  });

  app.replaceChildren(form);
}

let meta: FakeMeta | undefined;
try {
  meta = (window.opener as Window | null)?.__channelKitFakeMeta;
} catch {
  meta = undefined;
}
if (!meta || !sessionId) {
  app.replaceChildren(h('p', {}, 'Open this page from the Channel Kit demo ("Add Channel").'));
} else {
  try {
    render(meta);
  } catch (error) {
    app.replaceChildren(h('p', { role: 'alert' }, `This authorization can no longer be used: ${(error as Error).message}`));
  }
}
