// The server over the Graph API client and the Graph API emulator, over real HTTP: the connect flow
// subscribes the app and reads the setup checks from Meta's evidence, a 190 met on a call marks the
// channel, and the scheduled health check reads debug_token, one instance per channel.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthorizableType } from '../../src/core/authorization.js';
import type { Channel } from '../../src/core/channel.js';
import { isChannelKitError } from '../../src/core/errors.js';
import { metaWorld } from '../../src/mocks/scenarios.js';
import { generateTokenKey, TokenVault } from '../../src/server/crypto/token-vault.js';
import { startHealthChecks } from '../../src/server/jobs/health-check.js';
import { GraphApiClient } from '../../src/server/meta/graph-client.js';
import { ChannelService } from '../../src/server/service.js';
import { startGraphEmulator, worldFromMetaWorld, wabaIdOf, type ConsentChoice, type GraphEmulator } from '../../src/testing/graph-emulator/index.js';
import { forEachStore, freshWorkspace, itHasADatabase, startTestServer, type TestServer } from './support/test-server.js';

const APP = { appId: '424242', appSecret: 'meta-flow-test-secret', configIds: { facebook: 'cfg_fb', instagram: 'cfg_ig', whatsapp: 'cfg_wa' } };
const DAY = 86_400_000;

function clientFor(emulator: GraphEmulator): GraphApiClient {
  return new GraphApiClient({ ...APP, graphBaseUrl: emulator.url, dialogBaseUrl: emulator.url, retry: { attempts: 1, baseDelayMs: 1 } });
}

/** The person's whole path over HTTP: start, Meta's dialog, the redirect to the callback page, the exchange, the connect. */
async function connect(t: TestServer, emulator: GraphEmulator, ws: string, type: AuthorizableType, choice: ConsentChoice): Promise<Channel> {
  const backend = t.backendFor(ws);
  const session = await backend.startAuthorization({ channelType: type, mode: 'connect' });
  const outcome = await emulator.consent(session.authorizeUrl, choice);
  assert.ok(outcome.code, `the dialog gave a code (${outcome.redirectUrl.href})`);
  assert.equal((await fetch(outcome.redirectUrl)).status, 200, 'the callback page answers');
  const signup = outcome.signupMessage?.event === 'FINISH' ? { phoneNumberId: outcome.signupMessage.data.phone_number_id, wabaId: outcome.signupMessage.data.waba_id } : undefined;
  const result = await backend.finishAuthorization({ sessionId: session.id, state: session.state, code: outcome.code, embeddedSignup: signup });
  const account = result.accounts.find((a) => a.eligibility === 'eligible');
  assert.ok(account, `an eligible account among ${JSON.stringify(result.accounts)}`);
  return backend.connectAccount({ sessionId: session.id, accountId: account.id });
}

forEachStore(['memory', 'pglite', 'postgres'], 'The server speaking to Meta through the Graph API client', (kind) => {
  let t: TestServer | { skipped: string } | undefined;
  let emulator: GraphEmulator;
  let vault: TokenVault;
  const server = () => t as TestServer;
  /** A test that needs the database: skipped (with the reason) where PostgreSQL cannot be had. */
  const withDb = (name: string, body: () => Promise<void>) => it(name, async (c) => (t && 'skipped' in t ? c.skip(t.skipped) : body()));
  const tokenKey = generateTokenKey('mf');

  before(async () => {
    emulator = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), APP) });
    vault = await TokenVault.create([tokenKey]);
    t = await startTestServer(kind, { tokenKeys: `${tokenKey.id}:${tokenKey.key}`, wrapMeta: () => clientFor(emulator) });
  });
  after(async () => {
    if (t && !('skipped' in t)) await t.close();
    await emulator.close();
  });
  itHasADatabase(kind, () => t);

  /** A service over the same store and Meta, as a second instance would have. */
  const instance = (now?: () => number) => new ChannelService({ store: server().store, meta: clientFor(emulator), vault, now });

  withDb('connecting a Page subscribes the app to it and shows the setup as Meta evidences it: no tick without evidence', async () => {
    const ws = freshWorkspace();
    emulator.calls.length = 0;
    const channel = await connect(server(), emulator, ws, 'facebook', { assetIds: ['fb_1002'] });
    assert.ok(emulator.calls.some((call) => call.method === 'POST' && call.path === '/fb_1002/subscribed_apps'), 'the app was subscribed to the Page');
    const checks = Object.fromEntries((channel.setupChecks ?? []).map((check) => [check.id, check.state]));
    assert.equal(checks.connected_app, 'verified', 'Meta lists the app among the Page\'s subscribed apps');
    assert.equal(checks.default_routing_app, 'unknown', 'no API says which app is the default routing app');
    const row = await server().store.getChannel(ws, channel.id);
    assert.ok(row?.metaRefs?.some((ref) => ref.startsWith('user:')), 'the granting user is kept for deauthorize callbacks');
    assert.ok(row?.metaRefs?.includes('business:bp_coffee'), 'the portfolio is kept for uninstall webhooks');
  });

  withDb('connecting a WhatsApp number subscribes the app to its WABA and registers the number', async () => {
    const ws = freshWorkspace();
    emulator.calls.length = 0;
    const channel = await connect(server(), emulator, ws, 'whatsapp', { assetIds: ['wa_3002'] });
    assert.equal(channel.status, 'connected');
    assert.ok(emulator.calls.some((call) => call.method === 'POST' && call.path === `/${wabaIdOf('wa_3002')}/subscribed_apps`), 'the app was subscribed to the WABA');
    assert.ok(emulator.calls.some((call) => call.method === 'POST' && call.path === '/wa_3002/register'), 'the number was registered for Cloud API');
    const row = await server().store.getChannel(ws, channel.id);
    assert.ok(row?.metaRefs?.includes(`waba:${wabaIdOf('wa_3002')}`), 'the WABA is kept for account_update webhooks');
  });

  withDb('reauthorizing a WhatsApp number subscribes again but does not register it again (its PIN was set when it was connected)', async () => {
    const ws = freshWorkspace();
    const channel = await connect(server(), emulator, ws, 'whatsapp', { assetIds: ['wa_3001'] });
    emulator.calls.length = 0;
    const backend = server().backendFor(ws);
    const session = await backend.startAuthorization({ channelType: 'whatsapp', mode: 'reauthorize', channelId: channel.id });
    const outcome = await emulator.consent(session.authorizeUrl, { assetIds: ['wa_3001'] });
    assert.ok(outcome.code && outcome.signupMessage);
    await fetch(outcome.redirectUrl);
    const data = outcome.signupMessage.data;
    await backend.finishAuthorization({ sessionId: session.id, state: session.state, code: outcome.code, embeddedSignup: { phoneNumberId: data.phone_number_id, wabaId: data.waba_id } });
    const after = await backend.reauthorize({ channelId: channel.id, sessionId: session.id, accountId: 'wa_3001' });
    assert.equal(after.status, 'connected');
    assert.ok(emulator.calls.some((call) => call.method === 'POST' && call.path.endsWith('/subscribed_apps')), 'subscribed again');
    assert.ok(!emulator.calls.some((call) => call.path.endsWith('/register')), 'not registered again');
    await backend.disconnect(channel.id);
  });

  withDb('a number that stays on the WhatsApp Business app (coexistence) is subscribed but not registered', async () => {
    const ws = freshWorkspace();
    const backend = server().backendFor(ws);
    const session = await backend.startAuthorization({ channelType: 'whatsapp', mode: 'connect' });
    const outcome = await emulator.consent(session.authorizeUrl, { assetIds: ['wa_3001'] });
    assert.ok(outcome.code && outcome.signupMessage);
    await fetch(outcome.redirectUrl);
    const data = outcome.signupMessage.data;
    // What the popup sends after FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING.
    const embeddedSignup = { phoneNumberId: data.phone_number_id, wabaId: data.waba_id, onBusinessApp: true };
    await backend.finishAuthorization({ sessionId: session.id, state: session.state, code: outcome.code, embeddedSignup });
    emulator.calls.length = 0;
    const channel = await backend.connectAccount({ sessionId: session.id, accountId: 'wa_3001' });
    assert.equal(channel.status, 'connected');
    assert.ok(emulator.calls.some((call) => call.method === 'POST' && call.path.endsWith('/subscribed_apps')), 'subscribed');
    assert.ok(!emulator.calls.some((call) => call.path.endsWith('/register')), 'not registered');
    await backend.disconnect(channel.id);
  });

  withDb('a 190 met while reading the setup checks turns the channel "token expired", and says so to the caller', async () => {
    const ws = freshWorkspace();
    const channel = await connect(server(), emulator, ws, 'instagram', { assetIds: ['ig_2002'] });
    for (const { token } of emulator.tokens()) emulator.revokeToken(token);
    await assert.rejects(server().backendFor(ws).getSetupChecks(channel.id), (error: unknown) => isChannelKitError(error) && error.reason === 'token_expired');
    const after = await server().backendFor(ws).getChannel(channel.id);
    assert.equal(after.status, 'token_expired');
    assert.equal(after.lastError?.code, 'token_revoked');
    assert.ok(after.lastError?.fbtraceId, 'Meta\'s trace id is kept for support');
  });

  withDb('the health check marks a dead token "token expired" and a token close to its expiry "expiring"', async () => {
    const ws = freshWorkspace();
    const dead = await connect(server(), emulator, ws, 'facebook', { assetIds: ['fb_1001'] });
    const tokensBefore = new Set(emulator.tokens().map((k) => k.token));
    const live = await connect(server(), emulator, ws, 'instagram', { assetIds: ['ig_2006'] });
    const revoked = emulator.tokens().filter((k) => !tokensBefore.has(k.token));
    assert.ok(revoked.length > 0);
    for (const { token } of emulator.tokens()) if (tokensBefore.has(token)) emulator.revokeToken(token);
    // 55 days on: a long-lived token lives about 60 days, so the live one has about 5 left.
    const later = () => Date.now() + 55 * DAY;
    const checks = startHealthChecks({ store: server().store, service: instance(later), intervalMs: 60 * 60_000, now: later });
    try {
      const checked = await checks.runOnce();
      assert.ok(checked >= 2, `checked ${checked}`);
    } finally {
      checks.stop();
    }
    const backend = server().backendFor(ws);
    assert.equal((await backend.getChannel(dead.id)).status, 'token_expired');
    const soon = await backend.getChannel(live.id);
    assert.equal(soon.status, 'expiring');
    assert.ok(soon.tokenExpiresAt && Date.parse(soon.tokenExpiresAt) - later() <= 7 * DAY, `expiry kept: ${soon.tokenExpiresAt}`);
  });

  withDb('two instances checking at once check each channel once (a lease in the database)', async () => {
    const ws = freshWorkspace();
    // Accounts no earlier test connected (an account lives in one workspace at a time).
    for (const id of ['ig_2001', 'ig_2003']) await connect(server(), emulator, ws, 'instagram', { assetIds: [id] });
    const seen: string[] = [];
    const counting = (service: ChannelService) => ({
      checkChannelHealth: async (channel: Parameters<ChannelService['checkChannelHealth']>[0]) => {
        seen.push(`${channel.workspaceId}/${channel.id}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return service.checkChannelHealth(channel);
      },
    });
    // Far enough on that every channel of every earlier test is due again.
    const later = () => Date.now() + 200 * DAY;
    const a = startHealthChecks({ store: server().store, service: counting(instance(later)), intervalMs: DAY, batchSize: 1, now: later });
    const b = startHealthChecks({ store: server().store, service: counting(instance(later)), intervalMs: DAY, batchSize: 1, now: later });
    try {
      await Promise.all([a.runOnce(), b.runOnce()]);
    } finally {
      a.stop();
      b.stop();
    }
    assert.equal(seen.filter((s) => s.startsWith(`${ws}/`)).length, 2, `this workspace's two channels were checked: ${seen.join(', ')}`);
    assert.equal(new Set(seen).size, seen.length, `no channel checked twice: ${seen.join(', ')}`);
  });
});

describe('The server checks token health on its own schedule', () => {
  it('a token revoked at Meta turns the channel "token expired" without anyone asking', async () => {
    const emulator = await startGraphEmulator({ world: worldFromMetaWorld(metaWorld(), APP) });
    const t = await startTestServer('pglite', { wrapMeta: () => clientFor(emulator), healthChecks: { intervalMs: 60_000, pollMs: 50 } });
    assert.ok(!('skipped' in t));
    try {
      const ws = freshWorkspace();
      const channel = await connect(t, emulator, ws, 'facebook', { assetIds: ['fb_1001'] });
      for (const { token } of emulator.tokens()) emulator.revokeToken(token);
      // A channel never checked is due at once: a round of the server's own finds it.
      const deadline = Date.now() + 10_000;
      let status = channel.status;
      while (status !== 'token_expired' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await t.backendFor(ws).getChannel(channel.id)).status;
      }
      assert.equal(status, 'token_expired');
    } finally {
      await t.close();
      await emulator.close();
    }
  });
});

describe('Meta settings from the environment', () => {
  it('a server without `meta` and without the Meta app settings says which to set', async () => {
    const { metaFromEnv } = await import('../../src/server/meta/meta-from-env.js');
    assert.throws(() => metaFromEnv({}), /META_APP_ID, META_APP_SECRET, META_CONFIG_IDS/);
    assert.throws(() => metaFromEnv({ META_APP_ID: '1', META_APP_SECRET: 's', META_CONFIG_IDS: 'facebook=1' }), /instagram, whatsapp/);
    const settings = metaFromEnv({ META_APP_ID: '1', META_APP_SECRET: 's', META_CONFIG_IDS: 'facebook=1,instagram=2,whatsapp=3', META_WEBHOOK_VERIFY_TOKEN: 'v', META_DIALOG_URL: 'http://127.0.0.1:9' });
    assert.deepEqual(settings.webhooks, { appSecret: 's', verifyToken: 'v' });
    const url = new URL(settings.client.authorizeUrl({ channelType: 'instagram', state: 's', redirectUri: 'https://x.example/cb', reauthorize: false }));
    assert.equal(url.origin, 'http://127.0.0.1:9');
    assert.equal(url.searchParams.get('config_id'), '2');
  });
});
