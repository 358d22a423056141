// The server half honours the elements' policy shape (issue 15, item 3): one function, asked per
// action and per channel, over real HTTP and PGlite. A refusal is 403 with the policy's reason and
// changes nothing; a viewer-only function (today's policies) keeps working.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelWire } from '../../src/core/channel.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import type { PermissionPolicy, PermissionRequest } from '../../src/permissions/policy.js';
import { freshWorkspace, startTestServer, WORKSPACE_HEADER, type TestServer } from './support/test-server.js';

const NO_DISCONNECT = 'Ask your IT team to disconnect a channel.';
const HEAD_OFFICE = 'WhatsApp numbers are managed by Head Office.';

describe('a permission policy per action and per channel, on the server', () => {
  let server: TestServer;
  const workspace = freshWorkspace('policy');
  const asked: PermissionRequest[] = [];
  let refuseConnect = false;
  // Only the IT team disconnects; WhatsApp numbers (ch_3) are managed centrally; connecting can be switched off.
  const policy: PermissionPolicy = (viewer, request) => {
    asked.push(request);
    if (request.channelType === 'whatsapp') return { allowed: false, reason: HEAD_OFFICE };
    if (request.action === 'disconnect') return { allowed: viewer.role === 'it', reason: NO_DISCONNECT };
    if (request.action === 'connect' && refuseConnect) return false;
    return true;
  };

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.api}${path}`, {
      method,
      headers: { [WORKSPACE_HEADER]: workspace, 'content-type': 'application/json', 'x-channel-kit-csrf': '1' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const channels = async () => JSON.stringify(await (await call('GET', '/channels')).json());
  async function refused(method: string, path: string, body?: unknown) {
    const response = await call(method, path, body);
    const json = (await response.json()) as { error?: { code: string; message: string } };
    return [response.status, json.error?.code, json.error?.message];
  }

  before(async () => {
    const started = await startTestServer('pglite', { policy });
    assert.ok(!('skipped' in started));
    server = started;
    await server.seed(workspace, createScenario('typical').channels as ChannelWire[]);
  });
  after(() => server.close());

  it('refuses an action with 403 and the policy\'s reason, and changes nothing', async () => {
    const before = await channels();
    assert.deepEqual(await refused('POST', '/channels/ch_1/disconnect'), [403, 'not_allowed', NO_DISCONNECT]);
    assert.equal(await channels(), before);
    const disconnect = asked.find((request) => request.action === 'disconnect');
    assert.equal(disconnect?.channel?.id, 'ch_1', 'asked with the channel, as the elements see it');
    assert.equal(disconnect?.channel?.rawType, 'facebook');
  });

  it('decides per channel: a WhatsApp number is refused, a Page is not', async () => {
    assert.deepEqual(await refused('POST', '/authorizations', { channelType: 'whatsapp', mode: 'reauthorize', channelId: 'ch_3' }), [403, 'not_allowed', HEAD_OFFICE]);
    assert.deepEqual(await refused('GET', '/channels/ch_3/setup-checks'), [403, 'not_allowed', HEAD_OFFICE]);
    assert.equal((await call('POST', '/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_1' })).status, 200);
  });

  it('the same user with another role may: the policy reads the viewer too', async () => {
    server.viewers.set(workspace, { product: 'caac', role: 'it' });
    try {
      const response = await call('POST', '/channels/ch_4/disconnect');
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as ChannelWire).status, 'disconnected');
    } finally {
      server.viewers.delete(workspace);
    }
  });

  it('an authorization begun while allowed goes no further once the policy refuses it; no reason means a plain refusal', async () => {
    const backend = server.backendFor(workspace);
    const session = await backend.startAuthorization({ channelType: 'instagram', mode: 'connect' });
    const { code } = await server.grant(session, ['ig_2003']);
    refuseConnect = true;
    try {
      const [status, , message] = await refused('POST', `/authorizations/${session.id}/complete`, { state: session.state, code });
      assert.equal(status, 403);
      assert.equal(message, 'The permission policy does not allow this.');
      assert.deepEqual((await refused('POST', '/webchat-channels', { name: 'Site', domains: ['example.com'] }))[0], 403);
    } finally {
      refuseConnect = false;
    }
  });

  it('a new connection carries its channel type: a rule on WhatsApp numbers holds for new ones too', async () => {
    const before = await channels();
    assert.deepEqual(await refused('POST', '/authorizations', { channelType: 'whatsapp', mode: 'connect' }), [403, 'not_allowed', HEAD_OFFICE]);
    assert.equal(asked.at(-1)?.channelType, 'whatsapp');
    assert.equal((await call('POST', '/authorizations', { channelType: 'instagram', mode: 'connect' })).status, 200);
    assert.equal(await channels(), before);
  });

  it('bringing a disconnected channel back asks `connect` with the channel, through Reconnect (reauthorize) as through the wizard', async () => {
    refuseConnect = true;
    try {
      // ch_5 is a disconnected Page: its Reconnect is a reauthorization, and asks what connecting asks.
      assert.deepEqual((await refused('POST', '/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_5' }))[0], 403);
      const request = asked.at(-1);
      assert.deepEqual([request?.action, request?.channel?.id], ['connect', 'ch_5']);
    } finally {
      refuseConnect = false;
    }
    assert.equal((await call('POST', '/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_5' })).status, 200);
  });

  it('a policy that throws refuses with 403, as in the browser (not a 500)', async () => {
    const throwing = await startTestServer('pglite', {
      policy: () => {
        throw new TypeError('roles is undefined');
      },
    });
    assert.ok(!('skipped' in throwing));
    try {
      const ws = freshWorkspace('throwing');
      await throwing.seed(ws, createScenario('typical').channels as ChannelWire[]);
      const response = await fetch(`${throwing.api}/channels/ch_1/disconnect`, { method: 'POST', headers: { [WORKSPACE_HEADER]: ws, 'x-channel-kit-csrf': '1' } });
      assert.equal(response.status, 403);
    } finally {
      await throwing.close();
    }
  });

  it('a viewer-only function (the policies written before actions existed) still decides every action', async () => {
    const legacy = await startTestServer('pglite', { policy: (viewer) => viewer.role === 'owner' });
    assert.ok(!('skipped' in legacy));
    try {
      const ws = freshWorkspace('legacy');
      await legacy.seed(ws, createScenario('typical').channels as ChannelWire[]);
      legacy.viewers.set(ws, { product: 'caac', role: 'agent' });
      const response = await fetch(`${legacy.api}/channels/ch_1/disconnect`, { method: 'POST', headers: { [WORKSPACE_HEADER]: ws, 'x-channel-kit-csrf': '1' } });
      assert.equal(response.status, 403);
      legacy.viewers.set(ws, { product: 'caac', role: 'owner' });
      const allowed = await fetch(`${legacy.api}/channels/ch_1/disconnect`, { method: 'POST', headers: { [WORKSPACE_HEADER]: ws, 'x-channel-kit-csrf': '1' } });
      assert.equal(allowed.status, 200);
    } finally {
      await legacy.close();
    }
  });
});
