import { expect } from '@open-wc/testing';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { expectKitError } from '../support/expect-error.js';
import { memoryFactory, restFactory, typicalOptions, type BackendFactory } from '../support/backends.js';

/** One suite, run against every implementation, so they cannot drift apart. */
function contractSuite(name: string, make: BackendFactory) {
  describe(`backend contract: ${name}`, () => {
    let backend: ChannelBackend;
    let memory: MemoryBackend;

    beforeEach(async () => {
      ({ backend, memory } = await make());
    });

    async function authorize(mode: 'connect' | 'reauthorize', type: 'facebook' | 'instagram' | 'whatsapp', grant: string[], channelId?: string) {
      const session = await backend.startAuthorization({ channelType: type, mode, channelId });
      const { code } = await memory.grant(session.id, grant);
      const result = await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
      return { session, result };
    }

    it('tells who the viewer is', async () => {
      expect(await backend.getViewer()).to.deep.equal({ product: 'caac', role: 'owner' });
    });

    it('lists every channel across pages', async () => {
      const first = await backend.listChannels({ limit: 3 });
      expect(first.channels).to.have.length(3);
      expect(first.total).to.equal(7);
      const ids = first.channels.map((c) => c.id);
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await backend.listChannels({ cursor, limit: 3 });
        ids.push(...page.channels.map((c) => c.id));
        cursor = page.nextCursor;
      }
      expect(ids).to.deep.equal(['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5', 'ch_6', 'ch_7']);
    });

    it('reads one channel, and says not_found for a missing one', async () => {
      const channel = await backend.getChannel('ch_2');
      expect(channel).to.include({ id: 'ch_2', type: 'instagram', status: 'token_expired', accountId: 'ig_2001' });
      const error = await expectKitError(backend.getChannel('nope'));
      expect(error.kind).to.equal('not_found');
    });

    it('keeps a channel of an unknown type as a read-only row without breaking the others', async () => {
      ({ backend, memory } = await make(
        typicalOptions({
          channels: [
            { id: 'a', type: 'telegram', name: 'Odd', accountId: 't1', status: 'connected' },
            { id: 'b', type: 'facebook', name: 'Fine', accountId: 'f1', status: 'beaming' },
            { id: 'c', type: 'instagram', name: 'Also fine', accountId: 'i1', status: 'connected' },
          ],
        }),
      ));
      const page = await backend.listChannels();
      expect(page.channels.map((c) => [c.id, c.type, c.status])).to.deep.equal([
        ['a', 'unknown', 'connected'],
        ['b', 'facebook', 'unknown'],
        ['c', 'instagram', 'connected'],
      ]);
      expect(page.channels[0]!.rawType).to.equal('telegram');
      const error = await expectKitError(backend.disconnect('a'));
      expect(error.kind).to.equal('conflict');
    });

    it('disconnects without deleting: the channel stays, Disconnected, history kept', async () => {
      const before = await backend.listChannels();
      const channel = await backend.disconnect('ch_1');
      expect(channel.status).to.equal('disconnected');
      expect(channel.disconnectedAt).to.be.a('string');
      expect(channel.connectedAt).to.equal(before.channels[0]!.connectedAt);
      const after = await backend.listChannels();
      expect(after.channels.map((c) => c.id)).to.deep.equal(before.channels.map((c) => c.id));
      expect(after.channels[0]!.status).to.equal('disconnected');
      expect((await backend.disconnect('ch_1')).status, 'disconnecting twice is harmless').to.equal('disconnected');
    });

    it('refuses LINE: it is managed elsewhere', async () => {
      const error = await expectKitError(backend.disconnect('ch_7'));
      expect(error.kind).to.equal('conflict');
      expect(error.code).to.equal('not_manageable');
    });

    it('refuses a viewer who may not manage, and changes nothing', async () => {
      memory.viewer = { product: 'caac', role: 'agent' };
      const error = await expectKitError(backend.disconnect('ch_1'));
      expect(error.kind).to.equal('permission');
      expect(error.reason).to.equal('not_allowed');
      expect((await backend.getChannel('ch_1')).status).to.equal('connected');
      const start = await expectKitError(backend.startAuthorization({ channelType: 'instagram', mode: 'connect' }));
      expect(start.kind).to.equal('permission');
    });

    it('lets every MAAC role manage', async () => {
      memory.viewer = { product: 'maac', role: 'agent' };
      expect((await backend.disconnect('ch_1')).status).to.equal('disconnected');
    });

    it('connects an Instagram account, with eligibility for each granted account', async () => {
      const { session, result } = await authorize('connect', 'instagram', ['ig_2003', 'ig_2004', 'ig_2005', 'ig_2001']);
      expect(session.authorizeUrl).to.contain(session.state);
      expect(result.status).to.equal('completed');
      expect(Object.fromEntries(result.accounts.map((a) => [a.id, a.eligibility]))).to.deep.equal({
        ig_2003: 'eligible',
        ig_2004: 'not_business_account',
        ig_2005: 'page_not_in_portfolio',
        ig_2001: 'already_connected',
      });
      const channel = await backend.connectAccount({ sessionId: session.id, accountId: 'ig_2003' });
      expect(channel).to.include({ type: 'instagram', accountId: 'ig_2003', name: 'Siam Retail', status: 'setup_incomplete' });
      expect(channel.setupChecks.map((c) => [c.id, c.state])).to.deep.include(['default_routing_app', 'not_verified']);
      expect((await backend.listChannels()).channels.map((c) => c.id)).to.include(channel.id);

      const refused = await expectKitError(backend.connectAccount({ sessionId: session.id, accountId: 'ig_2004' }));
      expect([refused.kind, refused.code, refused.reason]).to.deep.equal(['conflict', 'not_business_account', 'not_business_account']);
      const twice = await expectKitError(backend.connectAccount({ sessionId: session.id, accountId: 'ig_2003' }));
      expect(twice.reason).to.equal('already_connected');
    });

    it('refuses a mismatched state and a replayed code', async () => {
      const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
      const { code } = await memory.grant(session.id, ['fb_1001']);
      const wrongState = await expectKitError(backend.finishAuthorization({ sessionId: session.id, state: 'x'.repeat(32), code }));
      expect(wrongState.code).to.equal('state_mismatch');
      await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
      const replay = await expectKitError(backend.finishAuthorization({ sessionId: session.id, state: session.state, code }));
      expect(replay.code).to.equal('invalid_code');
    });

    it('reports the result to hosts whose popup is hidden by COOP', async () => {
      const session = await backend.startAuthorization({ channelType: 'whatsapp', mode: 'connect' });
      expect((await backend.getAuthorization(session.id)).status).to.equal('pending');
      await memory.grant(session.id, ['wa_3002']);
      const result = await backend.getAuthorization(session.id);
      expect(result.status).to.equal('completed');
      expect(result.accounts.map((a) => [a.id, a.eligibility])).to.deep.equal([['wa_3002', 'eligible']]);
      expect((await backend.connectAccount({ sessionId: session.id, accountId: 'wa_3002' })).status).to.equal('connected');
    });

    it('reauthorizes an expired token with the same account', async () => {
      const { session, result } = await authorize('reauthorize', 'instagram', ['ig_2001'], 'ch_2');
      expect(result.accounts[0]!.eligibility).to.equal('eligible');
      const channel = await backend.reauthorize({ channelId: 'ch_2', sessionId: session.id, accountId: 'ig_2001' });
      expect(channel.status).to.equal('connected');
      expect(Date.parse(channel.tokenExpiresAt!)).to.be.greaterThan(Date.now() + 30 * 86_400_000);
    });

    it('refuses a different account on reauthorization and changes nothing', async () => {
      const before = await backend.getChannel('ch_2');
      const { session } = await authorize('reauthorize', 'instagram', ['ig_2002'], 'ch_2');
      const error = await expectKitError(backend.reauthorize({ channelId: 'ch_2', sessionId: session.id, accountId: 'ig_2002' }));
      expect([error.kind, error.code, error.reason]).to.deep.equal(['conflict', 'different_account', 'different_account']);
      expect(await backend.getChannel('ch_2')).to.deep.equal(before);
    });

    it('reconnects a disconnected channel under the same id', async () => {
      const { session } = await authorize('reauthorize', 'facebook', ['fb_1002'], 'ch_5');
      const channel = await backend.reauthorize({ channelId: 'ch_5', sessionId: session.id, accountId: 'fb_1002' });
      expect(channel.id).to.equal('ch_5');
      expect(channel.status).to.not.equal('disconnected');
      expect(channel.disconnectedAt).to.equal(null);
      expect((await backend.listChannels()).total).to.equal(7);
    });

    it('creates a Webchat channel with its install snippet, and validates the domains', async () => {
      const created = await backend.createWebchat({ name: 'Shop', domains: ['shop.example.com', '*.example.org'] });
      expect(created.channel).to.include({ type: 'webchat', name: 'Shop', status: 'connected' });
      expect(created.snippet).to.contain(created.channel.id);
      const error = await expectKitError(backend.createWebchat({ name: 'Shop', domains: ['not a domain'] }));
      expect(error.kind).to.equal('invalid_request');
    });

    it('reads setup checks', async () => {
      const checks = await backend.getSetupChecks('ch_6');
      expect(checks.map((c) => c.id)).to.deep.equal(['default_routing_app', 'connected_app', 'handover_primary_receiver']);
    });

    it('rejects with aborted when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await expectKitError(backend.listChannels({}, controller.signal));
      expect(error.kind).to.equal('aborted');
    });
  });
}

contractSuite('in-memory', memoryFactory);
contractSuite('REST over msw', restFactory);
