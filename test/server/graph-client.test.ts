import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthorizableType } from '../../src/core/authorization.js';
import { ChannelKitError, reasonForMetaCode } from '../../src/core/errors.js';
import { FakeMeta } from '../../src/mocks/fake-meta.js';
import { metaWorld } from '../../src/mocks/scenarios.js';
import { GraphApiClient, type GraphApiClientOptions } from '../../src/server/meta/graph-client.js';
import type { MetaAsset } from '../../src/server/meta/meta-client.js';
import { eligibilityOf, metaEligibility } from '../../src/server/rules/eligibility.js';
import {
  META_ERROR_CODES,
  instagramPageId,
  startGraphEmulator,
  wabaIdOf,
  worldFromMetaWorld,
  type ConsentChoice,
  type GraphEmulator,
  type GraphEmulatorOptions,
} from '../../src/testing/graph-emulator/index.js';

const APP_ID = '777000';
const APP_SECRET = 'graph-client-test-secret';
const REDIRECT = 'https://server.example/channel-kit/authorizations/callback';
const CONFIGS = { facebook: 'cfg_fb', instagram: 'cfg_ig', whatsapp: 'cfg_wa' };
const RATE_LIMITS = new Set([4, 17, 32, 613, 80001, 80002, 80006, 80008]);

/** This app's world with one business portfolio ('b') holding these Pages. */
function onePortfolio(pages: { id: string; name: string; businessId: string; tasks?: string[]; withholdPermissions?: boolean }[]) {
  return { appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS, businesses: [{ id: 'b', name: 'B' }], pages };
}

function clientFor(emulator: GraphEmulator, extra: Partial<GraphApiClientOptions> = {}): GraphApiClient {
  return new GraphApiClient({
    appId: APP_ID,
    appSecret: APP_SECRET,
    configIds: CONFIGS,
    graphBaseUrl: emulator.url,
    dialogBaseUrl: emulator.url,
    retry: { attempts: 3, baseDelayMs: 1 },
    ...extra,
  });
}

async function emulatorWith(options: Partial<GraphEmulatorOptions> = {}): Promise<GraphEmulator> {
  return startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), { appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS }), ...options });
}

/** The whole connect flow over HTTP: the dialog URL, the person's choice in the emulator's dialog, the exchange. */
async function connect(client: GraphApiClient, emulator: GraphEmulator, channelType: AuthorizableType, choice: ConsentChoice, redirectUri = REDIRECT) {
  const url = client.authorizeUrl({ channelType, state: 'state-abcdefghijklmnop', redirectUri: REDIRECT, reauthorize: false });
  const outcome = await emulator.consent(url, choice);
  assert.ok(outcome.code, `the dialog gave no code: ${outcome.redirectUrl.href}`);
  const signup = outcome.signupMessage?.event === 'FINISH' ? { phoneNumberId: outcome.signupMessage.data.phone_number_id, wabaId: outcome.signupMessage.data.waba_id } : undefined;
  return client.exchangeCode({ code: outcome.code, redirectUri, channelType, embeddedSignup: signup });
}

async function rejection(promise: Promise<unknown>): Promise<ChannelKitError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChannelKitError, `not a ChannelKitError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('GraphApiClient', () => {
  let emulator: GraphEmulator;
  let client: GraphApiClient;
  before(async () => {
    emulator = await emulatorWith();
    client = clientFor(emulator);
  });
  after(() => emulator.close());

  it('builds the Login for Business dialog URL per channel type', () => {
    const real = new GraphApiClient({ appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS });
    const url = new URL(real.authorizeUrl({ channelType: 'instagram', state: 'st', redirectUri: `${REDIRECT}?a=1`, reauthorize: false }));
    assert.equal(url.origin + url.pathname, 'https://www.facebook.com/v25.0/dialog/oauth');
    assert.equal(url.searchParams.get('client_id'), APP_ID);
    assert.equal(url.searchParams.get('config_id'), 'cfg_ig');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('override_default_response_type'), 'true');
    assert.equal(url.searchParams.get('state'), 'st');
    assert.equal(url.searchParams.get('redirect_uri'), `${REDIRECT}?a=1`);
    assert.equal(url.searchParams.get('scope'), null);
    assert.equal(new URL(real.authorizeUrl({ channelType: 'whatsapp', state: 's', redirectUri: REDIRECT, reauthorize: false })).searchParams.get('config_id'), 'cfg_wa');
    assert.equal(new URL(new GraphApiClient({ appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS, version: 'v26.0' }).authorizeUrl({ channelType: 'facebook', state: 's', redirectUri: REDIRECT, reauthorize: false })).pathname, '/v26.0/dialog/oauth');
    assert.equal(real.embeddedSignupOrigin('whatsapp'), 'https://www.facebook.com');
    assert.equal(real.embeddedSignupOrigin('facebook'), null);
  });

  describe('connect flows against the emulator', () => {
    it('Facebook: the chosen Pages with MESSAGING and MODERATE, their portfolio, a ~60-day token', async () => {
      const before = Date.now();
      const exchanged = await connect(client, emulator, 'facebook', { assetIds: ['fb_1001', 'fb_1002'] });
      assert.deepEqual(
        exchanged.assets.map((a) => [a.id, a.type, a.name, a.portfolio?.id, a.portfolio?.name, a.permissionsGranted]),
        [
          ['fb_1001', 'facebook', 'Bangkok Coffee', 'bp_coffee', 'Bangkok Coffee Co.', true],
          ['fb_1002', 'facebook', 'Bangkok Coffee Outlet', 'bp_coffee', 'Bangkok Coffee Co.', true],
        ],
      );
      const expires = Date.parse(exchanged.tokenExpiresAt!);
      assert.ok(expires >= before + 5_184_000_000 - 5_000 && expires <= Date.now() + 5_184_000_000);
      const longLived = emulator.tokens().find((t) => t.token === exchanged.accessToken);
      assert.ok(longLived && longLived.kind === 'USER' && longLived.expiresAt - Date.now() > 50 * 86_400_000, 'the long-lived token is the one kept');
    });

    it('Facebook: leaves out a Page where the person lacks the MESSAGING/MODERATE tasks', async () => {
      const tasks = await startGraphEmulator({
        world: onePortfolio([
            { id: 'p_full', name: 'Full', businessId: 'b' },
            { id: 'p_analyst', name: 'Analyst', businessId: 'b', tasks: ['ANALYZE', 'MODERATE'] },
          ]),
      });
      try {
        const exchanged = await connect(clientFor(tasks), tasks, 'facebook', { assetIds: ['p_full', 'p_analyst'] });
        assert.deepEqual(exchanged.assets.map((a) => a.id), ['p_full']);
      } finally {
        await tasks.close();
      }
    });

    it('Instagram: professional accounts linked to a Page, the Page business compared with the chosen one', async () => {
      const exchanged = await connect(client, emulator, 'instagram', { assetIds: ['ig_2003', 'ig_2004', 'ig_2005'] });
      const byId = new Map(exchanged.assets.map((a) => [a.id, a]));
      assert.deepEqual(byId.get('ig_2003'), {
        id: 'ig_2003',
        type: 'instagram',
        name: 'Siam Retail',
        username: 'siam.retail',
        portfolio: { id: 'bp_retail', name: 'Siam Retail Group' },
        isBusiness: true,
        pageInPortfolio: true,
        permissionsGranted: true,
        pageId: instagramPageId('ig_2003'),
      });
      assert.equal(byId.get('ig_2005')?.pageInPortfolio, false);
      assert.equal(byId.get(instagramPageId('ig_2004'))?.isBusiness, false);
    });

    it('WhatsApp: the WABA from Embedded Signup, its number, the code exchanged without redirect_uri', async () => {
      const exchanged = await connect(client, emulator, 'whatsapp', { assetIds: ['wa_3002'] });
      assert.ok(exchanged.userId, 'the granting user, from debug_token');
      assert.deepEqual(exchanged.assets, [
        { id: 'wa_3002', type: 'whatsapp', name: '+66 2 765 4321', username: null, portfolio: { id: 'bp_retail', name: 'Siam Retail Group' }, permissionsGranted: true, wabaId: wabaIdOf('wa_3002') },
      ]);
      const exchange = emulator.calls.filter((c) => c.path === '/oauth/access_token' && c.query.code).at(-1)!;
      assert.equal(exchange.query.redirect_uri, undefined);
    });

    it('the demo accounts come out with the same eligibility as the fake Meta gives for the same choices', async () => {
      const fake = new FakeMeta({ world: metaWorld(), consentUrl: 'http://fake.example/consent.html' });
      for (const account of metaWorld().accounts) {
        const { code } = fake.grant({ channelType: account.type, accountIds: [account.id], redirectUri: REDIRECT });
        const fromFake = (await fake.exchangeCode({ code, redirectUri: REDIRECT, channelType: account.type })).assets[0]!;
        const exchanged = await connect(client, emulator, account.type, { assetIds: [account.id] });
        // A personal IG account is not in Meta's answers: its Page stands for it.
        const expectedId = account.type === 'instagram' && account.isBusiness === false ? instagramPageId(account.id) : account.id;
        const asset = exchanged.assets.find((a) => a.id === expectedId);
        assert.ok(asset, `${account.id}: no asset ${expectedId} in ${exchanged.assets.map((a) => a.id).join(', ')}`);
        assert.equal(metaEligibility(asset, account.type), metaEligibility(fromFake, account.type), account.id);
        const context = { channelType: account.type, workspaceId: 'ws_1', existing: [], reauthorizingChannelId: null };
        assert.deepEqual(eligibilityOf(asset, context), eligibilityOf(fromFake, context), account.id);
        assert.equal(asset.portfolio?.id, fromFake.portfolio?.id, `${account.id}: portfolio`);
      }
    });

    it('unticked permissions: permissionsGranted false → missing_permission', async () => {
      for (const [type, id] of [['facebook', 'fb_1001'], ['instagram', 'ig_2001'], ['whatsapp', 'wa_3001']] as const) {
        const exchanged = await connect(client, emulator, type, { assetIds: [id], declinePermissions: true });
        assert.equal(exchanged.assets.length, 1, type);
        assert.equal(exchanged.assets[0]!.permissionsGranted, false, type);
        assert.equal(metaEligibility(exchanged.assets[0]!, type), 'missing_permission');
      }
    });

    it('a permission granted for one Page but not another is judged per asset (granular_scopes.target_ids)', async () => {
      const partial = await startGraphEmulator({
        world: onePortfolio([
            { id: 'p_yes', name: 'Yes', businessId: 'b' },
            { id: 'p_no', name: 'No', businessId: 'b', withholdPermissions: true },
          ]),
      });
      try {
        const exchanged = await connect(clientFor(partial), partial, 'facebook', { assetIds: ['p_yes', 'p_no'] });
        assert.deepEqual(exchanged.assets.map((a) => [a.id, a.permissionsGranted]), [['p_yes', true], ['p_no', false]]);
      } finally {
        await partial.close();
      }
    });
  });

  describe("Meta's refusals", () => {
    it('a redirect_uri other than the dialog one is refused with error 100 and its fbtrace_id', async () => {
      const error = await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }, `${REDIRECT}/other`));
      assert.equal(error.kind, 'meta');
      assert.equal(error.status, 502);
      assert.equal(error.code, 'meta_error');
      assert.equal(error.meta?.code, 100);
      assert.match(error.message, /redirect_uri/);
      assert.ok(error.supportId && error.supportId.length > 5);
    });

    it('sends appsecret_proof on every token-carrying call; the emulator refuses calls without it', async () => {
      const start = emulator.calls.length;
      await connect(client, emulator, 'instagram', { assetIds: ['ig_2001'] });
      const carrying = emulator.calls.slice(start).filter((c) => c.token);
      assert.ok(carrying.length >= 4);
      for (const call of carrying) {
        assert.equal(call.appsecretProof, createHmac('sha256', APP_SECRET).update(call.token!).digest('hex'), `${call.method} ${call.path}`);
        assert.equal(call.query.access_token, undefined, 'the token travels in a header, not the URL');
      }
      const { code } = await emulator.consent(client.authorizeUrl({ channelType: 'facebook', state: 's'.repeat(16), redirectUri: REDIRECT, reauthorize: false }), { assetIds: ['fb_1001'] });
      const noProof = new GraphApiClient({ appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS, graphBaseUrl: emulator.url, fetch: (input, init) => {
        const url = new URL(String(input));
        url.searchParams.delete('appsecret_proof');
        return fetch(url, init);
      } });
      const error = await rejection(noProof.exchangeCode({ code: code!, redirectUri: REDIRECT, channelType: 'facebook' }));
      assert.equal(error.meta?.code, 100);
      assert.match(error.message, /appsecret_proof/);
    });

    it('maps every injected error code to its reason, with fbtrace_id as the support id', async () => {
      for (const { code, subcode } of META_ERROR_CODES) {
        const trace = emulator.injectError({ endpoint: '/me/accounts', code, subcode, times: Infinity, userTitle: 'Title', userMessage: `User message ${code}` });
        const error = await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }));
        emulator.clearErrors();
        const expected = RATE_LIMITS.has(code) ? 'rate_limited' : reasonForMetaCode(code);
        assert.equal(error.reason, expected, `code ${code}/${subcode}`);
        assert.equal(error.kind, 'meta');
        assert.equal(error.status, 502);
        assert.equal(error.meta?.code, code);
        assert.equal(error.meta?.subcode, subcode);
        assert.equal(error.supportId, trace);
        assert.equal(error.meta?.userMessage, `User message ${code}`);
        assert.equal(error.meta?.userTitle, 'Title');
      }
      assert.equal(reasonForMetaCode(190), 'token_expired');
    });

    it('a rate limit honours X-Business-Use-Case-Usage: estimated_time_to_regain_access → retryAfterMs', async () => {
      emulator.injectError({ endpoint: '/me/accounts', code: 80001, regainAccessMinutes: 3 });
      const error = await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }));
      assert.equal(error.reason, 'rate_limited');
      assert.equal(error.retryAfterMs, 180_000);
      emulator.injectError({ endpoint: '/{id}', code: 613, regainAccessMinutes: 12 });
      assert.equal((await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }))).retryAfterMs, 720_000);
    });

    it('retries codes 1 and 2 (bounded) and then succeeds', async () => {
      for (const code of [1, 2]) {
        const start = emulator.calls.length;
        emulator.injectError({ endpoint: '/me/accounts', code, times: 2 });
        const exchanged = await connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] });
        assert.deepEqual(exchanged.assets.map((a) => a.id), ['fb_1001']);
        assert.equal(emulator.calls.slice(start).filter((c) => c.path === '/me/accounts').length, 3, `code ${code}: two failures, one success`);
      }
      const start = emulator.calls.length;
      emulator.injectError({ endpoint: '/me/accounts', code: 2, times: Infinity });
      const error = await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }));
      emulator.clearErrors();
      assert.equal(error.meta?.code, 2);
      assert.equal(emulator.calls.slice(start).filter((c) => c.path === '/me/accounts').length, 3, 'gives up after the bounded attempts');
      const once = emulator.calls.length;
      emulator.injectError({ endpoint: '/me/accounts', code: 190, times: Infinity });
      await rejection(connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] }));
      emulator.clearErrors();
      assert.equal(emulator.calls.slice(once).filter((c) => c.path === '/me/accounts').length, 1, 'other codes are not retried');
    });
  });

  it('follows /me/accounts paging to the last Page', async () => {
    const big = await startGraphEmulator({
      world: onePortfolio(Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, name: `Page ${i}`, businessId: 'b' }))),
      pageSize: 2,
    });
    try {
      const exchanged = await connect(clientFor(big), big, 'facebook', { assetIds: Array.from({ length: 7 }, (_, i) => `p${i}`) });
      assert.deepEqual(exchanged.assets.map((a) => a.id), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      assert.equal(big.calls.filter((c) => c.path === '/me/accounts').length, 4);
    } finally {
      await big.close();
    }
  });

  describe('after connecting', () => {
    it('setup checks from evidence only: connected_app from subscribed_apps, routing never ticked', async () => {
      const { accessToken } = await connect(client, emulator, 'facebook', { assetIds: ['fb_1001', 'fb_1002'] });
      const asset = { id: 'fb_1002', type: 'facebook' as const };
      const before = await client.setupChecks(asset, accessToken);
      assert.deepEqual(before, [
        { id: 'default_routing_app', state: 'unknown', applies: true },
        { id: 'connected_app', state: 'not_verified', applies: true },
        { id: 'handover_primary_receiver', state: 'unknown', applies: true },
      ]);
      await client.subscribe(asset, accessToken);
      assert.ok(emulator.world.subscriptions.get('fb_1002')?.has(APP_ID));
      const afterSubscribe = await client.setupChecks(asset, accessToken);
      assert.equal(afterSubscribe?.find((c) => c.id === 'connected_app')?.state, 'verified');
      assert.equal(afterSubscribe?.find((c) => c.id === 'default_routing_app')?.state, 'unknown');
      const other = await client.setupChecks({ id: 'fb_1001', type: 'facebook' }, accessToken);
      assert.equal(other?.find((c) => c.id === 'handover_primary_receiver')?.applies, false, 'multi-app routing: no handover');
      assert.equal(await client.setupChecks({ id: 'fb_9999', type: 'facebook' }, accessToken), null);

      await client.unsubscribe(asset, accessToken);
      assert.equal(emulator.world.subscriptions.get('fb_1002')?.has(APP_ID), false);
    });

    it('Instagram and WhatsApp: subscribe through the Page / the WABA; register the number', async () => {
      const ig = await connect(client, emulator, 'instagram', { assetIds: ['ig_2002'] });
      await client.subscribe({ id: 'ig_2002', type: 'instagram' }, ig.accessToken);
      assert.ok(emulator.world.subscriptions.get(instagramPageId('ig_2002'))?.has(APP_ID));
      assert.equal((await client.setupChecks({ id: 'ig_2002', type: 'instagram' }, ig.accessToken))?.find((c) => c.id === 'connected_app')?.state, 'verified');

      const wa = await connect(client, emulator, 'whatsapp', { assetIds: ['wa_3001'] });
      assert.deepEqual(await client.setupChecks({ id: 'wa_3001', type: 'whatsapp' }, wa.accessToken), [{ id: 'connected_app', state: 'not_verified', applies: true }]);
      await client.subscribe({ id: 'wa_3001', type: 'whatsapp' }, wa.accessToken);
      assert.ok(emulator.world.subscriptions.get(wabaIdOf('wa_3001'))?.has(APP_ID));
      assert.deepEqual(await client.setupChecks({ id: 'wa_3001', type: 'whatsapp' }, wa.accessToken), [{ id: 'connected_app', state: 'verified', applies: true }]);
      await client.registerPhoneNumber('wa_3001', '246810', wa.accessToken);
      assert.equal(emulator.world.registrations.get('wa_3001')?.pin, '246810');
    });

    it('unsubscribe with a revoked token rejects as token_expired; debugToken reads the token', async () => {
      const { accessToken } = await connect(client, emulator, 'facebook', { assetIds: ['fb_1001'] });
      const debug = await client.debugToken(accessToken);
      assert.equal(debug.isValid, true);
      assert.ok(debug.scopes.includes('pages_messaging'));
      assert.deepEqual(debug.granularScopes?.find((g) => g.scope === 'pages_messaging')?.targetIds, ['fb_1001']);
      assert.ok(debug.expiresAt && Date.parse(debug.expiresAt) > Date.now() + 50 * 86_400_000);
      assert.ok(debug.dataAccessExpiresAt);
      emulator.revokeToken(accessToken, 460);
      const error = await rejection(client.unsubscribe({ id: 'fb_1001', type: 'facebook' }, accessToken));
      assert.equal(error.reason, 'token_expired');
      assert.equal(error.meta?.subcode, 460);
      assert.equal((await client.debugToken(accessToken)).isValid, false);
    });
  });

  it('a Meta that does not answer is a timeout', async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = new GraphApiClient({ appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS, graphBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 100 });
      const error = await rejection(slow.exchangeCode({ code: 'x', redirectUri: REDIRECT, channelType: 'facebook' }));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.reason, 'timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('an unreachable Meta is a network error, not a hang', async () => {
    const dead = await emulatorWith();
    const url = dead.url;
    await dead.close();
    const offline = new GraphApiClient({ appId: APP_ID, appSecret: APP_SECRET, configIds: CONFIGS, graphBaseUrl: url, retry: { attempts: 2, baseDelayMs: 1 } });
    const error = await rejection(offline.exchangeCode({ code: 'x', redirectUri: REDIRECT, channelType: 'facebook' }));
    assert.equal(error.kind, 'network');
    assert.equal(error.status, 502);
  });
});

// Keeps the MetaAsset shape honest: the client fills only the port's fields.
export type _AssetCheck = MetaAsset;
