// Tenants never see each other's data: every route, called as workspace A against workspace B's
// channels and authorizations, reads nothing and changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelWire } from '../../src/core/channel.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { freshWorkspace, startTestServer, WORKSPACE_HEADER, type TestServer } from './support/test-server.js';

describe('tenancy: workspace A against workspace B', () => {
  let server: TestServer;
  const a = freshWorkspace('a');
  const b = freshWorkspace('b');
  const bChannels = createScenario('typical').channels;
  // A has a channel whose id B also has, and one of its own.
  const aChannels: ChannelWire[] = [
    { id: 'ch_1', type: 'facebook', name: 'A Page', accountId: 'fb_a1', status: 'connected', connectedAt: '2026-01-01T00:00:00.000Z' },
    { id: 'a_only', type: 'webchat', name: 'A site', accountId: 'web_a', status: 'connected' },
  ];
  let bSession: { id: string; state: string };
  let bReauth: { id: string; state: string };

  const as = (workspace: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.api}${path}`, {
      method,
      headers: { [WORKSPACE_HEADER]: workspace, 'content-type': 'application/json', 'x-channel-kit-csrf': '1' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** Everything B has, read as B: its channels and both of its authorizations. */
  async function snapshotOfB() {
    const channels = await (await as(b, 'GET', '/channels')).json();
    const sessions = [await (await as(b, 'GET', `/authorizations/${bSession.id}`)).json(), await (await as(b, 'GET', `/authorizations/${bReauth.id}`)).json()];
    return JSON.stringify({ channels, sessions });
  }

  before(async () => {
    const started = await startTestServer('pglite');
    assert.ok(!('skipped' in started));
    server = started;
    await server.seed(a, aChannels);
    await server.seed(b, bChannels);
    const backendB = server.backendFor(b);
    const connect = await backendB.startAuthorization({ channelType: 'instagram', mode: 'connect' });
    const { code } = await server.grant(connect, ['ig_2003']);
    await backendB.finishAuthorization({ sessionId: connect.id, state: connect.state, code });
    bSession = connect;
    const reauth = await backendB.startAuthorization({ channelType: 'instagram', mode: 'reauthorize', channelId: 'ch_2' });
    await server.grant(reauth, ['ig_2001']);
    bReauth = reauth;
  });
  after(() => server.close());

  it('lists and reads only its own channels', async () => {
    const page = (await (await as(a, 'GET', '/channels')).json()) as { channels: { id: string; name: string }[]; total: number };
    assert.deepEqual(page.channels.map((c) => [c.id, c.name]), [['ch_1', 'A Page'], ['a_only', 'A site']]);
    assert.equal(page.total, 2);
    assert.equal(((await (await as(a, 'GET', '/channels/ch_1')).json()) as { name: string }).name, 'A Page');
    for (const id of ['ch_2', 'ch_6', 'ch_7']) {
      assert.equal((await as(a, 'GET', `/channels/${id}`)).status, 404, `GET ${id}`);
      assert.equal((await as(a, 'GET', `/channels/${id}/setup-checks`)).status, 404, `setup checks of ${id}`);
    }
  });

  it("cannot touch B's channels or authorizations through any route, and B's data stays as it was", async () => {
    const before = await snapshotOfB();
    const attempts: [string, string, unknown?][] = [
      ['POST', '/channels/ch_2/disconnect'],
      ['POST', '/channels/ch_6/disconnect'],
      ['POST', '/channels/ch_2/reauthorize', { sessionId: bReauth.id, accountId: 'ig_2001' }],
      ['POST', '/channels', { sessionId: bSession.id, accountId: 'ig_2003' }],
      ['GET', `/authorizations/${bSession.id}`],
      ['GET', `/authorizations/${bReauth.id}`],
      ['POST', `/authorizations/${bReauth.id}/complete`, { state: bReauth.state, code: 'anything' }],
      ['POST', '/authorizations', { channelType: 'instagram', mode: 'reauthorize', channelId: 'ch_2' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await as(a, method, path, body);
      assert.equal(response.status, 404, `${method} ${path} answered ${response.status}`);
      const text = await response.text();
      assert.ok(!text.includes('Bangkok') && !text.includes(bReauth.state), `${method} ${path} leaked B's data: ${text}`);
    }
    assert.equal(await snapshotOfB(), before);
  });

  it("acts on its own channel of the same id, not B's", async () => {
    const response = await as(a, 'POST', '/channels/ch_1/disconnect');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { name: string }).name, 'A Page');
    const bCh1 = (await (await as(b, 'GET', '/channels/ch_1')).json()) as { status: string };
    assert.equal(bCh1.status, 'connected');
  });

  it('says an account live in another workspace is already connected, without naming its channel', async () => {
    const backendA = server.backendFor(a);
    const session = await backendA.startAuthorization({ channelType: 'facebook', mode: 'connect' });
    const { code } = await server.grant(session, ['fb_1001']);
    const result = await backendA.finishAuthorization({ sessionId: session.id, state: session.state, code });
    assert.deepEqual(result.accounts.map((x) => [x.id, x.eligibility, x.channelId]), [['fb_1001', 'already_connected', null]]);
  });

  it('refuses a request with no workspace', async () => {
    const response = await fetch(`${server.api}/channels`);
    assert.equal(response.status, 401);
  });
});
