import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metaWorld } from '../../src/mocks/scenarios.js';
import {
  META_ERROR_CODES,
  completeDialog,
  instagramPageId,
  signedRequest,
  startGraphEmulator,
  verifyWebhookEndpoint,
  wabaIdOf,
  worldFromMetaWorld,
  type GraphEmulator,
} from '../../src/testing/graph-emulator/index.js';

const REDIRECT = 'https://host.example/channel-kit/callback?x=1';
const APP_ID = '4242';
const APP_SECRET = 'shh-emulator-secret';

/** Meta's JSON, read loosely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const proof = (token: string, secret = APP_SECRET) => createHmac('sha256', secret).update(token).digest('hex');

function dialogUrl(emulator: GraphEmulator, config: string, extra: Record<string, string> = {}): string {
  const url = new URL(emulator.dialogUrl);
  for (const [k, v] of Object.entries({ client_id: APP_ID, redirect_uri: REDIRECT, state: 'state-123456789012', config_id: config, response_type: 'code', override_default_response_type: 'true', ...extra })) {
    url.searchParams.set(k, v);
  }
  return url.href;
}

async function graphGet(emulator: GraphEmulator, path: string, token: string | null, query: Record<string, string> = {}, withProof = true) {
  const url = new URL(`${emulator.graphUrl}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  if (token && withProof) url.searchParams.set('appsecret_proof', proof(token));
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, Loose> };
}

async function exchange(emulator: GraphEmulator, code: string, redirectUri: string | null = REDIRECT) {
  return graphGet(emulator, '/oauth/access_token', null, {
    client_id: APP_ID,
    client_secret: APP_SECRET,
    code,
    ...(redirectUri === null ? {} : { redirect_uri: redirectUri }),
  });
}

async function userToken(emulator: GraphEmulator, config: string, assetIds: string[], declinePermissions = false): Promise<string> {
  const outcome = await emulator.consent(dialogUrl(emulator, config), { assetIds, declinePermissions });
  const answer = await exchange(emulator, outcome.code!);
  assert.equal(answer.status, 200);
  return answer.body.access_token as string;
}

describe('Graph API emulator', () => {
  let emulator: GraphEmulator;
  before(async () => {
    emulator = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET }) });
  });
  after(() => emulator.close());

  it('listens on 127.0.0.1 with versioned Graph and dialog bases', () => {
    assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emulator.graphUrl, `${emulator.url}/v25.0`);
    assert.equal(emulator.dialogUrl, `${emulator.url}/v25.0/dialog/oauth`);
  });

  describe('world from the demo', () => {
    it('maps Facebook accounts to Pages, Instagram accounts to IG accounts on Pages, WhatsApp numbers to WABAs', () => {
      const { world } = emulator;
      assert.ok(world.pages.some((p) => p.id === 'fb_1001' && p.businessId === 'bp_coffee'));
      assert.deepEqual(world.pages.find((p) => p.id === instagramPageId('ig_2001'))?.instagramAccountId, 'ig_2001');
      assert.equal(world.instagramAccounts.find((a) => a.id === 'ig_2004')?.professional, false);
      // pageInPortfolio: false → its Page belongs to another portfolio.
      assert.equal(world.pages.find((p) => p.id === instagramPageId('ig_2005'))?.businessId, 'bp_coffee');
      assert.equal(world.instagramAccounts.find((a) => a.id === 'ig_2005')?.businessId, 'bp_retail');
      const waba = world.wabas.find((w) => w.id === wabaIdOf('wa_3001'));
      assert.deepEqual(waba?.phoneNumbers.map((n) => [n.id, n.displayPhoneNumber]), [['wa_3001', '+66 2 123 4567']]);
      // usesHandoverProtocol → not on multi-app Conversation Routing.
      assert.equal(world.pages.find((p) => p.id === 'fb_1002')?.messagingFeatureStatus.msgr_multi_app, false);
    });
  });

  describe('the Login for Business dialog', () => {
    it('is a plain page under a strict CSP, rendering names as escaped text', async () => {
      const hostile = await startGraphEmulator({
        world: { appId: APP_ID, businesses: [{ id: 'b1', name: '<b>Biz</b>' }], pages: [{ id: 'p1', name: '<img src=x onerror=alert(1)>', businessId: 'b1' }] },
      });
      try {
        const response = await fetch(dialogUrl(hostile, 'cfg_facebook'));
        const html = await response.text();
        assert.equal(response.status, 200);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        // Browsers apply form-action to the redirect that follows the form: the app's redirect origin is allowed, nothing else.
        assert.match(csp, /form-action 'self' https:\/\/host\.example;/);
        assert.ok(!html.includes('<img src=x'), 'a name was rendered as HTML');
        assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
        assert.ok(html.includes('&lt;b&gt;Biz&lt;/b&gt;'));
        assert.doesNotMatch(html, /<script>|<[^>]*\son\w+\s*=/i, 'no inline script or handler');
      } finally {
        await hostile.close();
      }
    });

    it('refuses an unknown app, an unknown configuration and a redirect URI the app does not allow', async () => {
      assert.equal((await fetch(dialogUrl(emulator, 'cfg_facebook', { client_id: '999' }))).status, 400);
      assert.equal((await fetch(dialogUrl(emulator, 'cfg_nope'))).status, 400);
      const strict = await startGraphEmulator({ world: { appId: APP_ID, redirectUris: ['https://ok.example/cb'], businesses: [] } });
      try {
        assert.equal((await fetch(dialogUrl(strict, 'cfg_facebook'))).status, 400);
        assert.equal((await fetch(dialogUrl(strict, 'cfg_facebook', { redirect_uri: 'https://ok.example/cb' }))).status, 200);
      } finally {
        await strict.close();
      }
    });

    it('Continue redirects to redirect_uri with a code and the state', async () => {
      const outcome = await emulator.consent(dialogUrl(emulator, 'cfg_facebook'), { assetIds: ['fb_1001'] });
      assert.equal(outcome.redirectUrl.origin + outcome.redirectUrl.pathname, 'https://host.example/channel-kit/callback');
      assert.equal(outcome.redirectUrl.searchParams.get('x'), '1');
      assert.equal(outcome.redirectUrl.searchParams.get('state'), 'state-123456789012');
      assert.ok(outcome.code && outcome.code.length > 20);
      assert.equal(outcome.signupMessage, null);
    });

    it('Cancel answers access_denied / user_denied with a description and the state', async () => {
      const outcome = await emulator.consent(dialogUrl(emulator, 'cfg_facebook'), { action: 'cancel' });
      const q = outcome.redirectUrl.searchParams;
      assert.equal(q.get('error'), 'access_denied');
      assert.equal(q.get('error_reason'), 'user_denied');
      assert.ok(q.get('error_description'));
      assert.equal(q.get('state'), 'state-123456789012');
      assert.equal(q.get('code'), null);
    });

    it('Fail answers an error with a description', async () => {
      const outcome = await emulator.consent(dialogUrl(emulator, 'cfg_instagram'), { action: 'fail' });
      assert.equal(outcome.redirectUrl.searchParams.get('error'), 'server_error');
      assert.ok(outcome.redirectUrl.searchParams.get('error_description'));
      assert.equal(outcome.code, null);
    });

    it('refuses accounts outside the chosen portfolio', async () => {
      await assert.rejects(emulator.consent(dialogUrl(emulator, 'cfg_facebook'), { businessId: 'bp_retail', assetIds: ['fb_1001'] }), /portfolio/);
    });

    it('is usable by a person: labelled controls, Continue as the default button, the choice kept when it comes back with a problem', async () => {
      const html = await (await fetch(dialogUrl(emulator, 'cfg_instagram'))).text();
      // Every box and radio has a label of its own; the app is named, not numbered.
      const inputs = [...html.matchAll(/<input\b[^>]*\bid="([^"]+)"[^>]*>/g)].map((m) => m[1]!);
      assert.ok(inputs.length > 5);
      for (const id of inputs) assert.ok(html.includes(`<label for="${id}">`), `a label for ${id}`);
      assert.match(html, /<strong>Channel Kit \(emulated\)<\/strong> asks to manage messages/);
      // Enter in the form submits its first submit button: Continue, not Cancel.
      const buttons = [...html.matchAll(/<button[^>]*value="(\w+)"/g)].map((m) => m[1]);
      assert.deepEqual(buttons, ['continue', 'cancel', 'fail']);
      assert.match(html, /<script src="\/_emulator\/dialog\.js" defer><\/script>/);
      const script = await (await fetch(`${emulator.url}/_emulator/dialog.js`)).text();
      assert.doesNotMatch(script, /innerHTML|document\.write/);
      const icon = await fetch(`${emulator.url}/_emulator/icon.svg`);
      assert.equal(icon.status, 200, 'an icon, so the browser logs no 404');

      const dialog = /name="dialog" value="([^"]+)"/.exec(html)![1]!;
      const back = await fetch(`${emulator.url}/dialog/oauth/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ dialog, business_id: 'bp_retail', asset: 'ig_2001', action: 'continue' }).toString(),
        redirect: 'manual',
      });
      const problem = await back.text();
      assert.equal(back.status, 400);
      assert.match(problem, /role="alert">Choose accounts of the business portfolio you chose\./);
      assert.match(problem, /value="bp_retail" checked/);
      assert.match(problem, /value="ig_2001" data-business="bp_coffee" checked/);
      assert.doesNotMatch(problem, /name="all_permissions" value="on" checked/, 'the unticked permissions stay unticked');
    });

    it('completeDialog needs only the URL: the business the account is listed under is chosen', async () => {
      const outcome = await completeDialog(dialogUrl(emulator, 'cfg_instagram'), { assetIds: ['ig_2003'] });
      const token = (await exchange(emulator, outcome.code!)).body.access_token as string;
      const debug = await graphGet(emulator, '/debug_token', `${APP_ID}|${APP_SECRET}`, { input_token: token }, false);
      assert.deepEqual(debug.body.data.granular_scopes.find((g: Loose) => g.scope === 'business_management').target_ids, ['bp_retail']);
    });

    it('WhatsApp: posts WA_EMBEDDED_SIGNUP FINISH (phone_number_id, waba_id, business_id) from a script page, then redirects', async () => {
      const response = await fetch(dialogUrl(emulator, 'cfg_whatsapp'));
      const html = await response.text();
      const dialog = /name="dialog" value="([^"]+)"/.exec(html)![1]!;
      const confirmed = await fetch(`${emulator.url}/dialog/oauth/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ dialog, business_id: 'bp_coffee', asset: 'wa_3001', all_permissions: 'on', action: 'continue' }).toString(),
        redirect: 'manual',
      });
      const page = await confirmed.text();
      assert.equal(confirmed.status, 200);
      assert.match(page, /<script src="\/_emulator\/signup\.js" defer><\/script>/);
      const script = await (await fetch(`${emulator.url}/_emulator/signup.js`)).text();
      assert.match(script, /window\.opener\.postMessage/);
      assert.doesNotMatch(script, /innerHTML|document\.write/);

      const outcome = await emulator.consent(dialogUrl(emulator, 'cfg_whatsapp'), { assetIds: ['wa_3002'] });
      assert.deepEqual(outcome.signupMessage, {
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'FINISH',
        data: { phone_number_id: 'wa_3002', waba_id: wabaIdOf('wa_3002'), business_id: 'bp_retail' },
      });
      assert.ok(outcome.code);
      const cancelled = await emulator.consent(dialogUrl(emulator, 'cfg_whatsapp'), { action: 'cancel' });
      assert.equal(cancelled.signupMessage?.event, 'CANCEL');
      assert.ok(cancelled.signupMessage?.data.current_step);
    });
  });

  describe('tokens', () => {
    it('refuses a code exchanged with another redirect_uri (error 100 envelope), then exchanges it with the exact one, once', async () => {
      const { code } = await emulator.consent(dialogUrl(emulator, 'cfg_facebook'), { assetIds: ['fb_1001'] });
      const wrong = await exchange(emulator, code!, 'https://host.example/channel-kit/callback');
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.code, 100);
      assert.equal(wrong.body.error.type, 'OAuthException');
      assert.match(wrong.body.error.message, /redirect_uri/);
      assert.ok(wrong.body.error.fbtrace_id);
      const missing = await exchange(emulator, code!, null);
      assert.equal(missing.body.error?.code, 100, 'a dialog code needs its redirect_uri');
      const right = await exchange(emulator, code!);
      assert.equal(right.status, 200);
      assert.equal(right.body.token_type, 'bearer');
      assert.equal(right.body.expires_in, 3600);
      assert.equal((await exchange(emulator, code!)).body.error?.code, 100, 'a code is single-use');
    });

    it('exchanges an Embedded Signup code without redirect_uri, and a long-lived token for ~60 days', async () => {
      const { code } = await emulator.consent(dialogUrl(emulator, 'cfg_whatsapp'), { assetIds: ['wa_3001'] });
      const short = await exchange(emulator, code!, null);
      assert.equal(short.status, 200);
      const long = await graphGet(emulator, '/oauth/access_token', null, {
        grant_type: 'fb_exchange_token',
        client_id: APP_ID,
        client_secret: APP_SECRET,
        fb_exchange_token: short.body.access_token,
      });
      assert.equal(long.body.expires_in, 5_184_000);
      assert.notEqual(long.body.access_token, short.body.access_token);
    });

    it('an Embedded Signup code lives 30 s, a dialog code 10 minutes', async () => {
      let clock = Date.now();
      const timed = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET }), now: () => clock });
      try {
        const wa = await timed.consent(dialogUrl(timed, 'cfg_whatsapp'), { assetIds: ['wa_3001'] });
        const fb = await timed.consent(dialogUrl(timed, 'cfg_facebook'), { assetIds: ['fb_1001'] });
        clock += 31_000;
        const late = await exchange(timed, wa.code!, null);
        assert.equal(late.body.error?.code, 100);
        assert.match(late.body.error.message, /expired/);
        assert.equal((await exchange(timed, fb.code!)).status, 200);
      } finally {
        await timed.close();
      }
    });

    it('debug_token lists granular_scopes target_ids for the chosen assets, and none when permissions are unticked', async () => {
      const appToken = `${APP_ID}|${APP_SECRET}`;
      const granted = await userToken(emulator, 'cfg_facebook', ['fb_1001', 'fb_1002']);
      const debug = await graphGet(emulator, '/debug_token', appToken, { input_token: granted });
      const data = debug.body.data;
      assert.equal(data.is_valid, true);
      assert.equal(data.app_id, APP_ID);
      assert.equal(data.type, 'USER');
      assert.ok(data.scopes.includes('pages_messaging'));
      assert.deepEqual(data.granular_scopes.find((g: Loose) => g.scope === 'pages_messaging').target_ids, ['fb_1001', 'fb_1002']);
      assert.deepEqual(data.granular_scopes.find((g: Loose) => g.scope === 'business_management').target_ids, ['bp_coffee']);

      const declined = await userToken(emulator, 'cfg_facebook', ['fb_1001'], true);
      const d2 = (await graphGet(emulator, '/debug_token', appToken, { input_token: declined })).body.data;
      assert.ok(!d2.scopes.includes('pages_messaging'));
      assert.equal(d2.granular_scopes.find((g: Loose) => g.scope === 'pages_messaging'), undefined);

      const unknown = (await graphGet(emulator, '/debug_token', appToken, { input_token: 'EAAnope' })).body.data;
      assert.equal(unknown.is_valid, false);
    });
  });

  describe('appsecret_proof', () => {
    it('refuses a token-carrying call without it or with a wrong one, and serves it with the right one', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      const without = await graphGet(emulator, '/me/accounts', token, {}, false);
      assert.equal(without.status, 400);
      assert.equal(without.body.error.code, 100);
      assert.match(without.body.error.message, /appsecret_proof/);
      const wrong = await graphGet(emulator, '/me/accounts', token, { appsecret_proof: proof(token, 'other') }, false);
      assert.equal(wrong.body.error.code, 100);
      const right = await graphGet(emulator, '/me/accounts', token);
      assert.equal(right.status, 200);
      assert.deepEqual(right.body.data.map((p: Loose) => p.id), ['fb_1001']);
    });
  });

  describe('Graph endpoints', () => {
    it('/me/accounts pages with cursors and a next link', async () => {
      const big = await startGraphEmulator({
        world: {
          appId: APP_ID,
          appSecret: APP_SECRET,
          businesses: [{ id: 'b', name: 'B' }],
          pages: Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, name: `Page ${i}`, businessId: 'b' })),
        },
        pageSize: 2,
      });
      try {
        const token = await userToken(big, 'cfg_facebook', ['p0', 'p1', 'p2', 'p3', 'p4']);
        const first = await graphGet(big, '/me/accounts', token);
        assert.deepEqual(first.body.data.map((p: Loose) => p.id), ['p0', 'p1']);
        assert.ok(first.body.paging.cursors.after);
        assert.ok(first.body.data[0].access_token);
        assert.deepEqual(first.body.data[0].tasks.slice().sort(), ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING', 'MODERATE']);
        const next = new URL(first.body.paging.next);
        next.searchParams.set('appsecret_proof', proof(token));
        const second = (await (await fetch(next)).json()) as Loose;
        assert.deepEqual(second.data.map((p: Loose) => p.id), ['p2', 'p3']);
        const third = new URL(second.paging.next);
        third.searchParams.set('appsecret_proof', proof(token));
        const last = (await (await fetch(third)).json()) as Loose;
        assert.deepEqual(last.data.map((p: Loose) => p.id), ['p4']);
        assert.equal(last.paging.next, undefined);
      } finally {
        await big.close();
      }
    });

    it("a Page reports its professional IG account and business; a personal account's Page does not", async () => {
      const token = await userToken(emulator, 'cfg_instagram', ['ig_2003', 'ig_2004', 'ig_2005']);
      const fields = 'instagram_business_account{id,username,name,profile_picture_url},business';
      const pro = (await graphGet(emulator, `/${instagramPageId('ig_2003')}`, token, { fields })).body;
      assert.deepEqual(pro.instagram_business_account, { id: 'ig_2003', username: 'siam.retail', name: 'Siam Retail' });
      assert.deepEqual(pro.business, { id: 'bp_retail', name: 'Siam Retail Group' });
      const personal = (await graphGet(emulator, `/${instagramPageId('ig_2004')}`, token, { fields })).body;
      assert.equal(personal.instagram_business_account, undefined);
      const elsewhere = (await graphGet(emulator, `/${instagramPageId('ig_2005')}`, token, { fields })).body;
      assert.equal(elsewhere.business.id, 'bp_coffee');
      const businesses = (await graphGet(emulator, '/me/businesses', token)).body;
      assert.deepEqual(businesses.data, [{ id: 'bp_retail', name: 'Siam Retail Group' }]);
      const notGranted = await graphGet(emulator, '/fb_1001', token, { fields: 'business' });
      assert.equal(notGranted.body.error.code, 100);
    });

    it('subscribed_apps on a Page (Page token) and on a WABA: POST, GET, DELETE', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      const accounts = (await graphGet(emulator, '/me/accounts', token)).body;
      const pageToken = accounts.data[0].access_token as string;
      const post = async (path: string, t: string, method = 'POST') => {
        const url = new URL(`${emulator.graphUrl}${path}`);
        url.searchParams.set('appsecret_proof', proof(t));
        const r = await fetch(url, { method, headers: { authorization: `OAuth ${t}` } });
        return { status: r.status, body: (await r.json()) as Loose };
      };
      assert.equal((await post('/fb_1001/subscribed_apps', token)).body.error.code, 200, 'a user token cannot subscribe a Page');
      assert.deepEqual((await post('/fb_1001/subscribed_apps', pageToken)).body, { success: true });
      assert.equal((await graphGet(emulator, '/fb_1001/subscribed_apps', pageToken)).body.data[0].id, APP_ID);
      assert.deepEqual((await post('/fb_1001/subscribed_apps', pageToken, 'DELETE')).body, { success: true });
      assert.deepEqual((await graphGet(emulator, '/fb_1001/subscribed_apps', pageToken)).body.data, []);

      const wa = await userToken(emulator, 'cfg_whatsapp', ['wa_3001']);
      const waba = wabaIdOf('wa_3001');
      assert.deepEqual((await post(`/${waba}/subscribed_apps`, wa)).body, { success: true });
      assert.equal((await graphGet(emulator, `/${waba}/subscribed_apps`, wa)).body.data[0].whatsapp_business_api_data.id, APP_ID);
      const numbers = (await graphGet(emulator, `/${waba}/phone_numbers`, wa)).body.data;
      assert.equal(numbers[0].display_phone_number, '+66 2 123 4567');
      assert.equal(numbers[0].id, 'wa_3001');
    });

    it('registers a phone number with a 6-digit PIN', async () => {
      const wa = await userToken(emulator, 'cfg_whatsapp', ['wa_3002']);
      const register = async (pin: string) => {
        const url = new URL(`${emulator.graphUrl}/wa_3002/register`);
        url.searchParams.set('appsecret_proof', proof(wa));
        const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${wa}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', pin }) });
        return (await r.json()) as Loose;
      };
      assert.equal((await register('12')).error.code, 100);
      assert.deepEqual(await register('123456'), { success: true });
      assert.equal(emulator.world.registrations.get('wa_3002')?.pin, '123456');
    });

    it('messaging_feature_status for a Page token', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1002']);
      const pageToken = (await graphGet(emulator, '/me/accounts', token)).body.data[0].access_token;
      const me = (await graphGet(emulator, '/me', pageToken, { fields: 'messaging_feature_status' })).body;
      assert.equal(me.id, 'fb_1002');
      assert.deepEqual(me.messaging_feature_status, { hop_v2: true, msgr_multi_app: false, ig_multi_app: false });
    });
  });

  describe('error injection', () => {
    it('answers every META-API §7 code with the envelope and fbtrace_id, per endpoint', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      for (const { code, subcode } of META_ERROR_CODES) {
        const trace = emulator.injectError({ endpoint: '/me/accounts', code, subcode });
        const answer = await graphGet(emulator, '/me/accounts', token);
        assert.ok(answer.status >= 400, `code ${code}`);
        assert.equal(answer.body.error.code, code);
        assert.equal(answer.body.error.error_subcode, subcode);
        assert.equal(answer.body.error.fbtrace_id, trace);
        assert.ok(answer.body.error.message);
        assert.ok(answer.headers.get('x-app-usage'));
      }
      assert.equal((await graphGet(emulator, '/me/accounts', token)).status, 200, 'each injection fails one call by default');
    });

    it('matches by token and by endpoint pattern, for a number of calls', async () => {
      const a = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      const b = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      emulator.injectError({ endpoint: '/{id}', token: a, code: 190, subcode: 463, times: 2 });
      assert.equal((await graphGet(emulator, '/fb_1001', b, { fields: 'business' })).status, 200);
      assert.equal((await graphGet(emulator, '/me/accounts', a)).status, 200, 'another endpoint');
      assert.equal((await graphGet(emulator, '/fb_1001', a, { fields: 'business' })).body.error.error_subcode, 463);
      assert.equal((await graphGet(emulator, '/fb_1001', a, { fields: 'business' })).body.error.code, 190);
      assert.equal((await graphGet(emulator, '/fb_1001', a, { fields: 'business' })).status, 200);
    });

    it('sends the usage headers with a rate limit', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      emulator.injectError({ endpoint: '/me/accounts', code: 80001, regainAccessMinutes: 7, businessId: 'bp_coffee' });
      const answer = await graphGet(emulator, '/me/accounts', token);
      assert.deepEqual(JSON.parse(answer.headers.get('x-app-usage')!), { call_count: 100, total_time: 100, total_cputime: 100 });
      const buc = JSON.parse(answer.headers.get('x-business-use-case-usage')!);
      assert.equal(buc.bp_coffee[0].estimated_time_to_regain_access, 7);
      assert.equal(buc.bp_coffee[0].type, 'pages');
    });

    it('revokes a token: 190 with a subcode, also for its Page tokens', async () => {
      const token = await userToken(emulator, 'cfg_facebook', ['fb_1001']);
      const pageToken = (await graphGet(emulator, '/me/accounts', token)).body.data[0].access_token;
      emulator.revokeToken(token, 460);
      const answer = await graphGet(emulator, '/me/accounts', token);
      assert.equal(answer.body.error.code, 190);
      assert.equal(answer.body.error.error_subcode, 460);
      assert.equal((await graphGet(emulator, '/me', pageToken)).body.error.code, 190);
    });
  });

  describe('webhook deliveries', () => {
    it('signs the exact raw bytes it sends with X-Hub-Signature-256; a bad signature does not verify', async () => {
      const received: { raw: Buffer; signature: string }[] = [];
      const receiver = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (c: Buffer) => chunks.push(c));
        request.on('end', () => {
          received.push({ raw: Buffer.concat(chunks), signature: String(request.headers['x-hub-signature-256'] ?? '') });
          response.end('EVENT_RECEIVED');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/meta`;
      try {
        const payload = { object: 'page', entry: [{ id: 'fb_1001', time: 1, messaging: [{ message: { text: 'สวัสดี ☕ a/b' } }] }] };
        const good = await emulator.sendWebhook(target, payload);
        assert.equal(good.status, 200);
        const bad = await emulator.sendWebhook(target, payload, { badSignature: true });
        assert.equal(bad.status, 200);
        const verify = (raw: Buffer, header: string) => {
          const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`);
          const given = Buffer.from(header);
          return expected.length === given.length && timingSafeEqual(expected, given);
        };
        assert.equal(received.length, 2);
        assert.ok(verify(received[0]!.raw, received[0]!.signature), 'the signature is over the bytes received');
        assert.ok(!verify(received[1]!.raw, received[1]!.signature));
        // Meta escapes Unicode and slashes: re-serializing the parsed body gives other bytes.
        const raw = received[0]!.raw.toString('utf8');
        assert.match(raw, /\\u0e2a/);
        assert.match(raw, /a\\\/b/);
        const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw)));
        assert.ok(!verify(reserialized, received[0]!.signature), 're-serialized JSON must not verify');
        assert.deepEqual(JSON.parse(raw), payload);
      } finally {
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
      }
    });

    it("performs Meta's verify handshake: hub.mode, hub.verify_token, hub.challenge", async () => {
      const receiver = createServer((request, response) => {
        const q = new URL(request.url ?? '/', 'http://x').searchParams;
        const ok = q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === 'vt-1';
        response.writeHead(ok ? 200 : 403).end(ok ? q.get('hub.challenge') ?? '' : '');
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/meta`;
      try {
        const good = await verifyWebhookEndpoint(target, 'vt-1', '1158201444');
        assert.deepEqual([good.status, good.body, good.verified], [200, '1158201444', true]);
        const bad = await verifyWebhookEndpoint(target, 'wrong');
        assert.deepEqual([bad.status, bad.verified], [403, false]);
      } finally {
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
      }
    });

    it('builds a signed_request: base64url(HMAC of the payload segment).base64url(payload)', () => {
      const signed = signedRequest({ user_id: '10000000001' }, APP_SECRET);
      const [sig, body] = signed.split('.') as [string, string];
      assert.equal(sig, createHmac('sha256', APP_SECRET).update(body).digest('base64url'));
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      assert.equal(payload.algorithm, 'HMAC-SHA256');
      assert.equal(payload.user_id, '10000000001');
      assert.equal(typeof payload.issued_at, 'number');
    });
  });

  describe('what a demo needs', () => {
    it('keeps its tokens and subscriptions in a state file, so a restarted emulator still knows them', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'graph-emulator-'));
      const stateFile = join(dir, 'state.json');
      const world = worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET });
      try {
        const first = await startGraphEmulator({ world, stateFile });
        const user = await userToken(first, 'cfg_facebook', ['fb_1001']);
        const accounts = await graphGet(first, '/me/accounts', user);
        const pageToken = accounts.body.data[0].access_token as string;
        const subscribe = await fetch(`${first.graphUrl}/fb_1001/subscribed_apps?appsecret_proof=${proof(pageToken)}`, { method: 'POST', headers: { authorization: `Bearer ${pageToken}` } });
        assert.equal(subscribe.status, 200);
        await first.close();

        const second = await startGraphEmulator({ world, stateFile });
        try {
          assert.equal((await graphGet(second, '/me/accounts', user)).status, 200, 'the user token still works');
          assert.ok(second.world.subscriptions.get('fb_1001')?.has(APP_ID), 'the subscription is still there');
          // A revoked user token takes the Page tokens taken from it along, after a restart too.
          second.revokeToken(user);
          assert.equal((await graphGet(second, '/me', pageToken)).body.error?.code, 190);
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('removeApp: every token fails with 190/458 and the deauthorize callback gets a signed_request naming the user', async () => {
      const local = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET }) });
      const received: string[] = [];
      const receiver = createServer((request, response) => {
        void readAll(request).then((body) => {
          received.push(body);
          response.writeHead(200).end('{}');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const user = await userToken(local, 'cfg_facebook', ['fb_1001']);
        const answer = await local.removeApp(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/deauthorize`);
        assert.equal(answer?.status, 200);
        const me = await graphGet(local, '/me', user);
        assert.deepEqual([me.body.error?.code, me.body.error?.error_subcode], [190, 458]);
        const signed = new URLSearchParams(received[0]).get('signed_request')!;
        const [sig, body] = signed.split('.') as [string, string];
        assert.equal(sig, createHmac('sha256', APP_SECRET).update(body).digest('base64url'));
        assert.equal(JSON.parse(Buffer.from(body, 'base64url').toString()).user_id, local.world.user.id);
      } finally {
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
        await local.close();
      }
    });

    it('removePartner: the WABA loses the app and a signed account_update PARTNER_REMOVED is delivered', async () => {
      const local = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET }) });
      const received: { body: string; signature: string }[] = [];
      const receiver = createServer((request, response) => {
        void readAll(request).then((body) => {
          received.push({ body, signature: String(request.headers['x-hub-signature-256']) });
          response.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const waba = wabaIdOf('wa_3001');
        local.world.subscriptions.set(waba, new Set([APP_ID]));
        const delivery = await local.removePartner(waba, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/meta`);
        assert.equal(delivery.status, 200);
        assert.equal(local.world.subscriptions.get(waba)?.has(APP_ID), false);
        const payload = JSON.parse(received[0]!.body) as Loose;
        assert.equal(payload.object, 'whatsapp_business_account');
        assert.equal(payload.entry[0].id, waba);
        assert.deepEqual([payload.entry[0].changes[0].field, payload.entry[0].changes[0].value.event], ['account_update', 'PARTNER_REMOVED']);
        assert.equal(received[0]!.signature, `sha256=${createHmac('sha256', APP_SECRET).update(received[0]!.body).digest('hex')}`);
      } finally {
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
        await local.close();
      }
    });
  });
});

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
