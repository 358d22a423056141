import type { ChannelBackend } from '../adapters/backend.js';
import type { AuthorizableType, AuthorizationSession } from '../core/authorization.js';
import type { ChannelWire } from '../core/channel.js';
import type { Viewer } from '../core/viewer.js';
import type { MetaWorld } from '../mocks/meta-world.js';
import { createScenario } from '../mocks/scenarios.js';
import { check, equal, refusal } from './assertions.js';

/** What the suite tests: your backend, and a way to play Meta's consent screen for it. */
export interface ContractSubject {
  /** `RestBackend` pointed at your server, or your own `ChannelBackend`. */
  backend: ChannelBackend;
  /**
   * Plays the person on Meta's consent screen and Meta's redirect to your callback: grants these
   * accounts (ids from `fixture.world`) for this authorization, and returns the code.
   */
  grant(session: AuthorizationSession, accountIds: string[]): Promise<{ code: string }>;
  /** Makes the next requests come from this viewer (the permission tests). */
  setViewer(viewer: Viewer): Promise<void> | void;
}

export interface ContractFixture {
  /** The workspace's channels before each test. */
  channels: ChannelWire[];
  /** What Meta's consent screen may grant. */
  world: MetaWorld;
}

/** The parts of your test runner the suite needs (mocha, node:test, vitest and jest all have them). */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
  beforeEach(body: () => Promise<void>): unknown;
  afterEach?(body: () => Promise<void>): unknown;
}

export interface ContractSuiteOptions {
  name: string;
  /** A fresh subject for each test: a workspace holding `fixture.channels`, an owner viewer, Meta knowing `fixture.world`. */
  setup(fixture: ContractFixture): Promise<ContractSubject>;
  teardown?(subject: ContractSubject): Promise<void>;
  test: TestApi;
}

/**
 * The REST contract's rules as one test suite, the way Auth.js ships one suite for every database
 * adapter: run it against your own implementation, over HTTP (`RestBackend`) or as a `ChannelBackend`.
 * Channel Kit's own server passes it over real HTTP on PGlite and PostgreSQL, and in the page.
 */
export function runContractSuite(options: ContractSuiteOptions): void {
  const { describe, it, beforeEach, afterEach } = options.test;
  describe(`REST contract: ${options.name}`, () => {
    let subject: ContractSubject;
    let backend: ChannelBackend;
    const fixture = (): ContractFixture => {
      const scenario = createScenario('typical');
      return { channels: scenario.channels, world: scenario.world };
    };

    beforeEach(async () => {
      subject = await options.setup(fixture());
      backend = subject.backend;
    });
    if (afterEach && options.teardown) afterEach(async () => options.teardown!(subject));

    async function authorize(mode: 'connect' | 'reauthorize', type: AuthorizableType, grant: string[], channelId?: string) {
      const session = await backend.startAuthorization({ channelType: type, mode, channelId });
      const { code } = await subject.grant(session, grant);
      const result = await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
      return { session, result };
    }

    it('tells who the viewer is', async () => {
      equal(await backend.getViewer(), { product: 'caac', role: 'owner' }, 'the viewer');
    });

    it('lists every channel across pages, in order', async () => {
      const first = await backend.listChannels({ limit: 3 });
      equal(first.channels.length, 3, 'the first page of 3');
      equal(first.total, 7, 'the total');
      const ids = first.channels.map((c) => c.id);
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await backend.listChannels({ cursor, limit: 3 });
        ids.push(...page.channels.map((c) => c.id));
        cursor = page.nextCursor;
      }
      equal(ids, ['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5', 'ch_6', 'ch_7'], 'every channel, once, in order');
    });

    it('reads one channel, and says not_found for a missing one', async () => {
      const channel = await backend.getChannel('ch_2');
      equal([channel.id, channel.type, channel.status, channel.accountId], ['ch_2', 'instagram', 'token_expired', 'ig_2001'], 'ch_2');
      equal((await refusal(backend.getChannel('nope'), 'a missing channel')).kind, 'not_found', 'the kind');
    });

    it('disconnects without deleting: the channel stays, Disconnected, history kept', async () => {
      const before = await backend.listChannels();
      const channel = await backend.disconnect('ch_1');
      equal(channel.status, 'disconnected', 'the status');
      check(typeof channel.disconnectedAt === 'string', 'disconnectedAt is set');
      equal(channel.connectedAt, before.channels[0]!.connectedAt, 'connectedAt is kept');
      const after = await backend.listChannels();
      equal(after.channels.map((c) => c.id), before.channels.map((c) => c.id), 'every channel is still listed');
      equal(after.channels[0]!.status, 'disconnected', 'listed as disconnected');
      equal((await backend.disconnect('ch_1')).status, 'disconnected', 'disconnecting twice is harmless');
    });

    it('refuses LINE: it is managed elsewhere', async () => {
      const error = await refusal(backend.disconnect('ch_7'), 'disconnecting LINE');
      equal([error.kind, error.code], ['conflict', 'not_manageable'], 'the refusal');
    });

    it('refuses a viewer who may not manage, and changes nothing', async () => {
      await subject.setViewer({ product: 'caac', role: 'agent' });
      const error = await refusal(backend.disconnect('ch_1'), 'an agent disconnecting');
      equal([error.kind, error.reason], ['permission', 'not_allowed'], 'the refusal');
      equal((await backend.getChannel('ch_1')).status, 'connected', 'ch_1 is unchanged');
      equal((await refusal(backend.startAuthorization({ channelType: 'instagram', mode: 'connect' }), 'an agent connecting')).kind, 'permission', 'the refusal');
      equal((await refusal(backend.createWebchat({ name: 'Shop', domains: ['shop.example.com'] }), 'an agent creating a webchat')).kind, 'permission', 'the refusal');
    });

    it('lets every MAAC role manage', async () => {
      await subject.setViewer({ product: 'maac', role: 'agent' });
      equal((await backend.disconnect('ch_1')).status, 'disconnected', 'a MAAC agent disconnects');
    });

    it('connects an Instagram account, with eligibility for each granted account', async () => {
      const { session, result } = await authorize('connect', 'instagram', ['ig_2003', 'ig_2004', 'ig_2005', 'ig_2001']);
      check(new URL(session.authorizeUrl).searchParams.get('state') === session.state, 'the authorize URL carries the state');
      equal(result.status, 'completed', 'the authorization');
      equal(
        Object.fromEntries(result.accounts.map((a) => [a.id, a.eligibility])),
        { ig_2003: 'eligible', ig_2004: 'not_business_account', ig_2005: 'page_not_in_portfolio', ig_2001: 'already_connected' },
        'eligibility',
      );
      const channel = await backend.connectAccount({ sessionId: session.id, accountId: 'ig_2003' });
      equal([channel.type, channel.accountId, channel.name, channel.status], ['instagram', 'ig_2003', 'Siam Retail', 'setup_incomplete'], 'the new channel');
      check(channel.setupChecks.some((c) => c.id === 'default_routing_app' && c.state === 'not_verified'), 'routing is not yet verified');
      check((await backend.listChannels()).channels.some((c) => c.id === channel.id), 'the new channel is listed');
      const refused = await refusal(backend.connectAccount({ sessionId: session.id, accountId: 'ig_2004' }), 'a personal account');
      equal([refused.kind, refused.code, refused.reason], ['conflict', 'not_business_account', 'not_business_account'], 'the refusal');
      equal((await refusal(backend.connectAccount({ sessionId: session.id, accountId: 'ig_2003' }), 'connecting twice')).reason, 'already_connected', 'the refusal');
    });

    it('refuses a mismatched state and another code once completed; the same code again gets the same result', async () => {
      const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
      const { code } = await subject.grant(session, ['fb_1001']);
      const wrongState = await refusal(backend.finishAuthorization({ sessionId: session.id, state: 'x'.repeat(32), code }), 'another state');
      equal(wrongState.code, 'state_mismatch', 'the refusal');
      const first = await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
      // The popup's message can race the COOP fallback's check, which exchanged the same code: both get the result.
      const again = await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
      equal([again.status, again.accounts.map((a) => a.id)], [first.status, first.accounts.map((a) => a.id)], 'the same code again');
      const other = await subject.grant(session, ['fb_1001']);
      const replay = await refusal(backend.finishAuthorization({ sessionId: session.id, state: session.state, code: other.code }), 'another code');
      equal(replay.code, 'invalid_code', 'the refusal');
    });

    it('reports the result to hosts whose popup is hidden by COOP', async () => {
      const session = await backend.startAuthorization({ channelType: 'whatsapp', mode: 'connect' });
      equal((await backend.getAuthorization(session.id)).status, 'pending', 'before consent');
      await subject.grant(session, ['wa_3002']);
      const result = await backend.getAuthorization(session.id);
      equal(result.status, 'completed', 'after the redirect');
      equal(result.accounts.map((a) => [a.id, a.eligibility]), [['wa_3002', 'eligible']], 'the accounts');
      equal((await backend.connectAccount({ sessionId: session.id, accountId: 'wa_3002' })).status, 'connected', 'the new channel');
    });

    it('reauthorizes an expired token with the same account', async () => {
      const { session, result } = await authorize('reauthorize', 'instagram', ['ig_2001'], 'ch_2');
      equal(result.accounts[0]?.eligibility, 'eligible', 'the channel may hold its own account');
      const channel = await backend.reauthorize({ channelId: 'ch_2', sessionId: session.id, accountId: 'ig_2001' });
      equal(channel.status, 'connected', 'the status');
      check(Date.parse(channel.tokenExpiresAt!) > Date.now() + 30 * 86_400_000, 'a fresh token expiry');
    });

    it('refuses a different account on reauthorization and changes nothing', async () => {
      const before = await backend.getChannel('ch_2');
      const { session } = await authorize('reauthorize', 'instagram', ['ig_2002'], 'ch_2');
      const error = await refusal(backend.reauthorize({ channelId: 'ch_2', sessionId: session.id, accountId: 'ig_2002' }), 'another account');
      equal([error.kind, error.code, error.reason], ['conflict', 'different_account', 'different_account'], 'the refusal');
      equal(await backend.getChannel('ch_2'), before, 'ch_2 is unchanged');
    });

    it('reconnects a disconnected channel under the same id', async () => {
      const { session } = await authorize('reauthorize', 'facebook', ['fb_1002'], 'ch_5');
      const channel = await backend.reauthorize({ channelId: 'ch_5', sessionId: session.id, accountId: 'fb_1002' });
      equal([channel.id, channel.disconnectedAt], ['ch_5', null], 'the same channel, reconnected');
      check(channel.status !== 'disconnected', 'no longer disconnected');
      equal((await backend.listChannels()).total, 7, 'no new channel');
    });

    it('creates a Webchat channel with its install snippet, and validates the domains', async () => {
      const created = await backend.createWebchat({ name: 'Shop', domains: ['shop.example.com', '*.example.org'] });
      equal([created.channel.type, created.channel.name, created.channel.status], ['webchat', 'Shop', 'connected'], 'the new channel');
      check(created.snippet.includes(created.channel.id), 'the snippet names the channel');
      equal((await refusal(backend.createWebchat({ name: 'Shop', domains: ['not a domain'] }), 'a bad domain')).kind, 'invalid_request', 'the refusal');
    });

    it('reads setup checks', async () => {
      const checks = await backend.getSetupChecks('ch_6');
      equal(checks.map((c) => c.id), ['default_routing_app', 'connected_app', 'handover_primary_receiver'], 'the checks');
    });
  });
}
