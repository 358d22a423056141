// Disconnecting tells Meta first (the app unsubscribed from the account, with the channel's own token),
// and completes here whatever Meta answers: a failure at Meta is said on the channel, never a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChannelKitError } from '../../src/core/errors.js';
import type { FakeMeta } from '../../src/mocks/fake-meta.js';
import type { MetaClient } from '../../src/server/meta/meta-client.js';
import { delegatingMeta, freshWorkspace, startTestServer, type TestServer } from './support/test-server.js';

type Unsubscribed = { asset: { id: string; type: string }; token: string };

describe('disconnect at Meta', () => {
  let server: TestServer;
  const calls: Unsubscribed[] = [];
  let failing = false;

  before(async () => {
    const started = await startTestServer('pglite', {
      wrapMeta: (meta: FakeMeta): MetaClient =>
        delegatingMeta(meta, {
        async unsubscribe(asset, token) {
          calls.push({ asset, token });
          if (failing) {
            throw new ChannelKitError('meta', 'Error validating access token.', { status: 502, code: 'meta_error', meta: { code: 190, subcode: 458, fbtraceId: 'ATrace458' } });
          }
        },
        }),
    });
    assert.ok(!('skipped' in started));
    server = started;
  });
  after(() => server.close());

  /** A workspace with one channel connected through the API, so it holds a real (sealed) token. */
  async function connectedChannel() {
    const ws = freshWorkspace('meta');
    await server.reset();
    const backend = server.backendFor(ws);
    const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
    const { code } = await server.grant(session, ['fb_1001']);
    await backend.finishAuthorization({ sessionId: session.id, state: session.state, code });
    const channel = await backend.connectAccount({ sessionId: session.id, accountId: 'fb_1001' });
    return { backend, channel };
  }

  it("unsubscribes the app from the account with the channel's own token, then disconnects", async () => {
    failing = false;
    calls.length = 0;
    const { backend, channel } = await connectedChannel();
    const done = await backend.disconnect(channel.id);
    assert.equal(done.status, 'disconnected');
    assert.equal(done.lastError, null);
    assert.deepEqual(calls.map((c) => [c.asset.id, c.asset.type, c.token.startsWith('EAAFake')]), [['fb_1001', 'facebook', true]]);
    await backend.disconnect(channel.id);
    assert.equal(calls.length, 1, 'a channel already disconnected does not call Meta again');
  });

  it("still disconnects when Meta's side fails, and the channel says so with Meta's trace id", async () => {
    failing = true;
    calls.length = 0;
    const { backend, channel } = await connectedChannel();
    const done = await backend.disconnect(channel.id);
    assert.equal(calls.length, 1);
    assert.equal(done.status, 'disconnected');
    assert.equal(done.lastError?.code, 'meta_unreachable');
    assert.equal(done.lastError?.fbtraceId, 'ATrace458');
    assert.equal((await backend.getChannel(channel.id)).status, 'disconnected');
  });

  it('does not call Meta for a channel without a token (a Webchat, or one imported without one)', async () => {
    failing = false;
    calls.length = 0;
    const ws = freshWorkspace('webchat');
    const backend = server.backendFor(ws);
    const { channel } = await backend.createWebchat({ name: 'Shop', domains: ['shop.example.com'] });
    assert.equal((await backend.disconnect(channel.id)).status, 'disconnected');
    assert.equal(calls.length, 0);
  });
});
