// The server half mounted in a host's own framework: the Fetch handler under a base path in Hono (on
// @hono/node-server), and the node:http listener in a plain node:http server (alone, beside the host's
// own routes, and behind an Express-style mount that strips the prefix). A short scenario runs
// through each with the REST adapter: list, disconnect, a webchat, a whole authorization.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { isChannelKitError } from '../../src/core/errors.js';
import { FakeMeta } from '../../src/mocks/fake-meta.js';
import { toNewChannel } from '../../src/mocks/in-page-server.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { generateTokenKey } from '../../src/server/crypto/token-vault.js';
import { createChannelKitServer, type ChannelKitServer } from '../../src/server/create-server.js';
import type { RequestLogEntry } from '../../src/server/http/handler.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';

const BASE = '/api/channel-kit';
const WORKSPACE = 'x-host-workspace';

interface Mount {
  name: string;
  /** The host's origin. */
  url: string;
  close(): Promise<void>;
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closing(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('mounted in a framework', () => {
  let channelKit: ChannelKitServer;
  let meta: FakeMeta;
  const logs: RequestLogEntry[] = [];
  const mounts: Mount[] = [];

  before(async () => {
    meta = new FakeMeta({ world: createScenario('typical').world, consentUrl: 'http://meta.test/consent' });
    const key = generateTokenKey('fm');
    channelKit = await createChannelKitServer({
      store: new MemoryStore(),
      meta,
      tokenKeys: `${key.id}:${key.key}`,
      basePath: BASE,
      authenticate: (request) => {
        const workspaceId = request.headers.get(WORKSPACE);
        return workspaceId ? { workspaceId, viewer: { product: 'caac', role: 'owner' } } : null;
      },
      log: (entry) => logs.push(entry),
    });

    // Hono: the Fetch handler under the base path, beside the host's own routes.
    const app = new Hono();
    app.get('/', (c) => c.text('the host app'));
    app.get('/api/other', (c) => c.json({ host: true }));
    app.all(`${BASE}/*`, (c) => channelKit.fetch(c.req.raw));
    const hono = await new Promise<Server>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as Server)) as Server;
    });
    mounts.push({ name: 'Hono', url: `http://127.0.0.1:${(hono.address() as AddressInfo).port}`, close: () => closing(hono) });

    // Plain node:http: the listener alone.
    const alone = createServer(channelKit.nodeListener);
    mounts.push({ name: 'node:http', url: await listening(alone), close: () => closing(alone) });

    // node:http beside the host's own routes.
    const beside = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === BASE || req.url?.startsWith(`${BASE}/`) || req.url?.startsWith(`${BASE}?`)) return void channelKit.nodeListener(req, res);
      res.setHeader('content-type', 'text/plain');
      res.end('the host app');
    });
    mounts.push({ name: 'node:http beside the host', url: await listening(beside), close: () => closing(beside) });

    // Express-style: the framework strips the mount path from `url` and keeps it in `originalUrl`.
    const stripped = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith(`${BASE}/`)) {
        res.statusCode = 404;
        return void res.end('host 404');
      }
      Object.assign(req, { originalUrl: req.url, url: req.url.slice(BASE.length) });
      void channelKit.nodeListener(req, res);
    });
    mounts.push({ name: 'Express-style mount', url: await listening(stripped), close: () => closing(stripped) });
  });

  after(async () => {
    for (const mount of mounts) await mount.close();
    await channelKit.close();
  });

  for (const index of [0, 1, 2, 3]) {
    const name = ['Hono', 'node:http', 'node:http beside the host', 'Express-style mount'][index]!;
    describe(name, () => {
      const ws = `ws_mount_${index}`;
      let mount: Mount;
      let backend: RestBackend;

      before(async () => {
        mount = mounts[index]!;
        assert.equal(mount.name, name);
        await channelKit.store.importChannels(createScenario('typical').channels.map((c) => toNewChannel(ws, c)));
        backend = new RestBackend({ baseUrl: `${mount.url}${BASE}`, readRetries: 0, prepareRequest: ({ headers }) => headers.set(WORKSPACE, ws) });
      });

      it('lists, disconnects and lists again', async () => {
        const page = await backend.listChannels();
        assert.deepEqual(page.channels.map((c) => c.id), ['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5', 'ch_6', 'ch_7']);
        assert.equal(page.total, 7);
        const limited = await backend.listChannels({ limit: 2 });
        assert.equal(limited.channels.length, 2);
        assert.ok(limited.nextCursor, 'the query string reached the handler');
        const disconnected = await backend.disconnect('ch_1');
        assert.equal(disconnected.status, 'disconnected');
        assert.equal((await backend.getChannel('ch_1')).status, 'disconnected');
        assert.equal((await backend.listChannels()).channels.find((c) => c.id === 'ch_1')?.status, 'disconnected');
        assert.equal((await channelKit.store.getChannel(ws, 'ch_1'))?.status, 'disconnected');
        const entry = logs.filter((e) => e.operation === 'disconnectChannel' && e.workspaceId === ws).at(-1);
        assert.equal(entry?.path, `${BASE}/channels/ch_1/disconnect`, 'the full path is logged');
      });

      it('passes request bodies and errors through', async () => {
        const created = await backend.createWebchat({ name: 'Mounted shop', domains: ['shop.example.com'] });
        assert.equal(created.channel.name, 'Mounted shop');
        assert.ok(created.snippet.includes(mount.url), `the snippet names the host's origin: ${created.snippet}`);
        await assert.rejects(backend.createWebchat({ name: 'Bad', domains: ['not a domain'] }), (error: unknown) => isChannelKitError(error) && error.status === 400);
        const raw = await fetch(`${mount.url}${BASE}/webchat-channels`, {
          method: 'POST',
          headers: { [WORKSPACE]: ws, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Bad', domains: ['ok.example.com', 'bad domain'] }),
        });
        assert.equal(raw.status, 400);
        assert.equal(((await raw.json()) as { error: { path: string } }).error.path, 'domains.1');
        assert.ok(raw.headers.get('x-request-id'));
        await assert.rejects(backend.getChannel('nope'), (error: unknown) => isChannelKitError(error) && error.kind === 'not_found');
        const unauthenticated = await fetch(`${mount.url}${BASE}/channels`);
        assert.equal(unauthenticated.status, 401);
      });

      it('runs an authorization through the callback page on the same mount', async () => {
        const session = await backend.startAuthorization({ channelType: 'instagram', mode: 'connect' });
        const redirectUri = new URL(session.authorizeUrl).searchParams.get('redirect_uri');
        assert.equal(redirectUri, `${mount.url}${BASE}/authorizations/callback`, 'the callback is on the mount');
        assert.equal(session.callbackOrigin, mount.url);
        const { code } = meta.grant({ channelType: 'instagram', accountIds: ['ig_2003'], redirectUri: redirectUri! });
        const page = await fetch(`${redirectUri}?${new URLSearchParams({ state: session.state, code })}`);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'nonce-/);
        await page.text();
        // Another workspace connected ig_2003 in an earlier mount's run: only the first can connect it.
        const result = await backend.getAuthorization(session.id);
        assert.equal(result.status, 'completed');
        assert.deepEqual(result.accounts.map((a) => a.id), ['ig_2003']);
        if (index === 0) {
          const channel = await backend.connectAccount({ sessionId: session.id, accountId: 'ig_2003' });
          assert.equal(channel.accountId, 'ig_2003');
          assert.ok((await backend.listChannels()).channels.some((c) => c.id === channel.id));
        } else {
          assert.notEqual(result.accounts[0]!.eligibility, 'eligible', 'connected in another workspace already');
        }
      });

      it('answers health, and leaves the host its own routes', async () => {
        const health = await fetch(`${mount.url}${BASE}/health`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok' });
        const method = await fetch(`${mount.url}${BASE}/channels`, { method: 'DELETE', headers: { [WORKSPACE]: ws } });
        assert.equal(method.status, 405);
        assert.equal(method.headers.get('allow'), 'GET, POST');
        if (name === 'Hono' || name === 'node:http beside the host') {
          const home = await fetch(`${mount.url}/`);
          assert.equal(await home.text(), 'the host app');
        }
        if (name === 'node:http') {
          // The listener alone answers outside the base path with the contract's 404.
          const outside = await fetch(`${mount.url}/elsewhere`);
          assert.equal(outside.status, 404);
          assert.equal(((await outside.json()) as { error: { code: string } }).error.code, 'not_found');
        }
      });
    });
  }
});
