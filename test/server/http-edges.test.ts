// The HTTP layer's edges over real HTTP: bad input on every POST route (with the field's path), bodies
// that are not JSON or too large, unknown routes and methods, an unexpected failure inside the store
// (a 500 that says only the request id), request ids, the one-line-per-request log, the health route,
// transactions that leave nothing half-written, racing writes on one channel (PGlite and PostgreSQL),
// and a graceful shutdown.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ChannelWire } from '../../src/core/channel.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import type { ChannelStore, StoreTransaction } from '../../src/server/store/channel-store.js';
import { forEachStore, freshWorkspace, itHasADatabase, startTestServer, WORKSPACE_HEADER, type StoreKind, type TestServer, type TestServerOptions } from './support/test-server.js';

const SECRET_KEY = 'sk_edges_0123456789';
const SIGNING_SECRET = 'edges-signing-secret-0123456789-abcdefghijk';
const MAX_BODY = 4096;

/** A store that passes every call to `inner`, except those overridden. */
function delegate(inner: ChannelStore, overrides: Partial<ChannelStore> = {}): ChannelStore {
  return {
    listChannels: (workspaceId, query) => inner.listChannels(workspaceId, query),
    getChannel: (workspaceId, channelId) => inner.getChannel(workspaceId, channelId),
    getAuthorization: (workspaceId, id) => inner.getAuthorization(workspaceId, id),
    transaction: (work) => inner.transaction(work),
    importChannels: (channels) => inner.importChannels(channels),
    jobs: inner.jobs,
    health: inner.health,
    purgeAuthorizations: (before) => inner.purgeAuthorizations(before),
    ping: () => inner.ping(),
    close: () => inner.close(),
    ...overrides,
  };
}

/** Faults a test switches on: the store's transactions fail after their first insert, and so on. */
interface Faults {
  listThrows: boolean;
  pingRejects: boolean;
  failAfterInsert: boolean;
  listDelayMs: number;
  onList?: () => void;
}

function faultyStore(faults: Faults) {
  return (inner: ChannelStore): ChannelStore =>
    delegate(inner, {
      async listChannels(workspaceId, query) {
        faults.onList?.();
        if (faults.listDelayMs) await new Promise((resolve) => setTimeout(resolve, faults.listDelayMs));
        if (faults.listThrows) throw new Error('boom at /secret/path');
        return inner.listChannels(workspaceId, query);
      },
      async ping() {
        if (faults.pingRejects) throw new Error('connection refused');
        return inner.ping();
      },
      transaction: (work) =>
        inner.transaction((tx) => {
          if (!faults.failAfterInsert) return work(tx);
          // Every write happens on the real transaction; then the work fails, as a crash between two writes would.
          const failing: StoreTransaction = Object.assign(Object.create(tx) as StoreTransaction, {
            insertChannel: async (channel: Parameters<StoreTransaction['insertChannel']>[0]) => {
              await tx.insertChannel(channel);
              throw new Error('disk full after the insert');
            },
            insertAuthorization: async (authorization: Parameters<StoreTransaction['insertAuthorization']>[0]) => {
              await tx.insertAuthorization(authorization);
              throw new Error('disk full after the insert');
            },
            saveChannel: async (channel: Parameters<StoreTransaction['saveChannel']>[0]) => {
              await tx.saveChannel(channel);
              throw new Error('disk full after the save');
            },
          });
          // Methods not overridden run on the real transaction (Object.create keeps `this` right only for own calls).
          for (const name of ['getChannel', 'lockChannel', 'channelsForAccount', 'getAuthorization', 'lockAuthorization', 'lockAuthorizationByState', 'saveAuthorization'] as const) {
            (failing as unknown as Record<string, unknown>)[name] = (tx[name] as (...args: unknown[]) => unknown).bind(tx);
          }
          return work(failing);
        }),
    });
}

async function start(kind: StoreKind, options: TestServerOptions = {}): Promise<TestServer> {
  const started = await startTestServer(kind, options);
  assert.ok(!('skipped' in started), `${kind} is available`);
  return started;
}

interface ErrorBody {
  error: { code: string; message: string; path?: string; requestId?: string };
}

describe('http edges (memory)', () => {
  let server: TestServer;
  const ws = freshWorkspace('edges');
  const faults: Faults = { listThrows: false, pingRejects: false, failAfterInsert: false, listDelayMs: 0 };

  const send = (method: string, path: string, init: { body?: BodyInit; json?: unknown; headers?: Record<string, string>; workspace?: string | null } = {}) => {
    const headers: Record<string, string> = { 'x-channel-kit-csrf': '1', ...init.headers };
    if (init.workspace !== null) headers[WORKSPACE_HEADER] = init.workspace ?? ws;
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${server.api}${path}`, { method, headers, body });
  };
  const errorOf = async (response: Response) => {
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as ErrorBody;
    assert.equal(typeof body.error?.code, 'string');
    assert.equal(typeof body.error.message, 'string');
    assert.ok(body.error.message.length > 0);
    return body.error;
  };
  const listIds = async () => ((await (await send('GET', '/channels')).json()) as { channels: ChannelWire[] }).channels.map((c) => c.id);

  before(async () => {
    server = await start('memory', {
      maxBodyBytes: MAX_BODY,
      sessions: { secretKey: SECRET_KEY, signingSecret: SIGNING_SECRET },
      wrapStore: faultyStore(faults),
    });
    await server.seed(ws, createScenario('typical').channels);
  });
  after(() => server.close());

  describe('bad bodies', () => {
    const state = 's'.repeat(24);
    const routes: [string, unknown, string][] = [
      // POST /authorizations
      ['/authorizations', {}, 'channelType'],
      ['/authorizations', { channelType: 5, mode: 'connect' }, 'channelType'],
      ['/authorizations', { channelType: 'line', mode: 'connect' }, 'channelType'],
      ['/authorizations', { channelType: 'facebook' }, 'mode'],
      ['/authorizations', { channelType: 'facebook', mode: 'delete' }, 'mode'],
      ['/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: 'a/b' }, 'channelId'],
      ['/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: 'c'.repeat(201) }, 'channelId'],
      ['/authorizations', { channelType: 'facebook', mode: 'reauthorize', channelId: '' }, 'channelId'],
      // POST /authorizations/{id}/complete
      ['/authorizations/auth_1/complete', { code: 'c' }, 'state'],
      ['/authorizations/auth_1/complete', { state: 's'.repeat(15), code: 'c' }, 'state'],
      ['/authorizations/auth_1/complete', { state: 's'.repeat(257), code: 'c' }, 'state'],
      ['/authorizations/auth_1/complete', { state }, 'code'],
      ['/authorizations/auth_1/complete', { state, code: 'c'.repeat(2049) }, 'code'],
      ['/authorizations/auth_1/complete', { state, code: ['c'] }, 'code'],
      ['/authorizations/auth_1/complete', { state, code: 'c', embeddedSignup: 'yes' }, 'embeddedSignup'],
      ['/authorizations/auth_1/complete', { state, code: 'c', embeddedSignup: { wabaId: 'w'.repeat(65) } }, 'embeddedSignup.wabaId'],
      ['/authorizations/auth_1/complete', { state, code: 'c', embeddedSignup: { phoneNumberId: 7 } }, 'embeddedSignup.phoneNumberId'],
      // POST /channels (connect)
      ['/channels', { accountId: 'fb_1001' }, 'sessionId'],
      ['/channels', { sessionId: 42, accountId: 'fb_1001' }, 'sessionId'],
      ['/channels', { sessionId: 'auth 1', accountId: 'fb_1001' }, 'sessionId'],
      ['/channels', { sessionId: 'auth_1', accountId: 'a'.repeat(201) }, 'accountId'],
      ['/channels', { sessionId: 'auth_1', accountId: '' }, 'accountId'],
      // POST /webchat-channels
      ['/webchat-channels', { name: 'Shop', domains: ['not a domain'] }, 'domains.0'],
      ['/webchat-channels', { name: 'Shop', domains: ['shop.example.com', 'https://shop.example.com'] }, 'domains.1'],
      ['/webchat-channels', { name: 'Shop', domains: ['shop.example.com', 'evil.example.com/path'] }, 'domains.1'],
      ['/webchat-channels', { name: 'Shop', domains: [] }, 'domains'],
      ['/webchat-channels', { name: 'Shop', domains: 'shop.example.com' }, 'domains'],
      ['/webchat-channels', { name: 'Shop', domains: Array.from({ length: 51 }, (_, i) => `s${i}.example.com`) }, 'domains'],
      ['/webchat-channels', { name: 'n'.repeat(201), domains: ['shop.example.com'] }, 'name'],
      ['/webchat-channels', { name: '   ', domains: ['shop.example.com'] }, 'name'],
      ['/webchat-channels', { name: null, domains: ['shop.example.com'] }, 'name'],
      // POST /channels/{id}/reauthorize and /disconnect
      ['/channels/ch_1/reauthorize', { sessionId: 'auth_1' }, 'accountId'],
      ['/channels/ch_1/reauthorize', { sessionId: { $ne: null }, accountId: 'fb_1001' }, 'sessionId'],
      [`/channels/${'c'.repeat(201)}/reauthorize`, { sessionId: 'auth_1', accountId: 'fb_1001' }, 'channelId'],
      [`/channels/${'c'.repeat(201)}/disconnect`, undefined, 'channelId'],
      ['/channels/%20/disconnect', undefined, 'channelId'],
      // Bodies that are JSON but not an object
      ['/authorizations', [], 'body'],
      ['/authorizations', null, 'body'],
      ['/channels', 'a string', 'body'],
      ['/webchat-channels', 42, 'body'],
    ];

    it('answers 400 invalid_request with the path of the field, and creates nothing', async () => {
      const before = await listIds();
      for (const [path, json, field] of routes) {
        const response = await send('POST', path, json === undefined ? {} : { json });
        const label = `POST ${path.slice(0, 60)} ${JSON.stringify(json)?.slice(0, 80)}`;
        assert.equal(response.status, 400, label);
        const error = await errorOf(response);
        assert.equal(error.code, 'invalid_request', label);
        assert.equal(error.path, field, label);
        assert.ok(!/\bat \w|node_modules|\.ts:\d/.test(error.message), `no stack in ${error.message}`);
      }
      assert.deepEqual(await listIds(), before);
    });

    it('refuses bad session bodies on POST /sessions the same way', async () => {
      const good = { workspaceId: ws, viewer: { product: 'caac', role: 'owner' }, allowedOrigins: ['https://portal.example'] };
      for (const [json, field] of [
        [{ ...good, viewer: { product: 'caac' } }, 'viewer.role'],
        [{ ...good, allowedOrigins: ['https://portal.example', 'portal.example'] }, 'allowedOrigins.1'],
        [{ ...good, allowedOrigins: ['https://*.portal.example'] }, 'allowedOrigins.0'],
        [{ ...good, ttlSeconds: 90.5 }, 'ttlSeconds'],
        [{ ...good, ttlSeconds: '600' }, 'ttlSeconds'],
      ] as const) {
        const response = await send('POST', '/sessions', { json, headers: { authorization: `Bearer ${SECRET_KEY}` }, workspace: null });
        assert.equal(response.status, 400, JSON.stringify(json));
        assert.equal((await errorOf(response)).path, field);
      }
    });

    it('refuses a body that is not JSON with 400 invalid_json', async () => {
      for (const body of ['{', 'channelType=facebook&mode=connect', '{"channelType":"facebook",}', "{'a':1}", '', '   ', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]) {
        const response = await send('POST', '/authorizations', { body, headers: { 'content-type': 'application/json' } });
        assert.equal(response.status, 400, `body ${String(body)}`);
        assert.equal((await errorOf(response)).code, 'invalid_json');
      }
      // The optional body of a disconnect, when there is one, must be JSON too.
      const response = await send('POST', '/channels/ch_1/disconnect', { body: 'nope' });
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).code, 'invalid_json');
      assert.equal((await server.store.getChannel(ws, 'ch_1'))?.status, 'connected');
    });

    /** A chunked body (no content-length) of `size` bytes. */
    const postStreamed = (size: number) => {
      const chunk = new TextEncoder().encode('x'.repeat(512));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= size) return controller.close();
          controller.enqueue(chunk.slice(0, Math.min(chunk.length, size - sent)));
          sent += chunk.length;
        },
      });
      return fetch(`${server.api}/webchat-channels`, {
        method: 'POST',
        headers: { [WORKSPACE_HEADER]: ws, 'content-type': 'application/json', 'x-channel-kit-csrf': '1' },
        body: stream,
        // @ts-expect-error Node's fetch needs this for a streamed body; the DOM types do not know it.
        duplex: 'half',
      });
    };

    it('refuses a body over maxBodyBytes with 413, with or without content-length', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY), domains: ['shop.example.com'] });
      const declared = await send('POST', '/webchat-channels', { body: big, headers: { 'content-type': 'application/json' } });
      assert.equal(declared.status, 413);
      assert.equal((await errorOf(declared)).code, 'body_too_large');

      for (const size of [MAX_BODY + 1, 64 * 1024]) {
        const chunked = await postStreamed(size);
        assert.equal(chunked.status, 413, `a streamed body of ${size} bytes`);
        assert.equal((await errorOf(chunked)).code, 'body_too_large');
      }
      // On the route whose body is optional too.
      const optional = await send('POST', '/channels/ch_1/disconnect', { body: ' '.repeat(MAX_BODY + 1) });
      assert.equal(optional.status, 413);
      assert.equal((await server.store.getChannel(ws, 'ch_1'))?.status, 'connected');
      // Exactly the limit is read.
      const atLimit = JSON.stringify({ channelType: 'line', mode: 'connect' }).padEnd(MAX_BODY, ' ');
      const limit = await send('POST', '/authorizations', { body: atLimit, headers: { 'content-type': 'application/json' } });
      assert.equal(limit.status, 400);
      assert.equal((await errorOf(limit)).path, 'channelType');
      // The server still answers on a new connection.
      assert.equal((await send('GET', '/channels')).status, 200);
    });

    it('answers 413 to a large streamed body too (2 MiB, chunked)', async () => {
      for (let i = 0; i < 3; i++) {
        const response = await postStreamed(2 * 1024 * 1024);
        assert.equal(response.status, 413);
        assert.equal((await errorOf(response)).code, 'body_too_large');
      }
    });

    it('keeps a kept-alive connection usable after a 413 on a streamed body', async () => {
      // One socket, reused: what a proxy or a pooled client does.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const target = new URL(`${server.api}/webchat-channels`);
      const request = (method: string, path: string, body?: Buffer) =>
        new Promise<{ status: number; ms: number }>((resolve, reject) => {
          const started = performance.now();
          const req = http.request({ agent, host: target.hostname, port: target.port, method, path, headers: { [WORKSPACE_HEADER]: ws, 'x-channel-kit-csrf': '1', 'content-type': 'application/json' } }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
          });
          req.setTimeout(3_000, () => req.destroy(new Error(`${method} ${path} hung`)));
          req.on('error', reject);
          if (body) {
            // Chunked: written in pieces, no content-length.
            for (let i = 0; i < body.length; i += 4096) req.write(body.subarray(i, i + 4096));
          }
          req.end();
        });
      try {
        for (const size of [MAX_BODY + 10, 64 * 1024, 512 * 1024]) {
          const refused = await request('POST', target.pathname, Buffer.alloc(size, 0x78)).catch((error: Error) => ({ status: error.message, ms: 0 }));
          assert.equal(refused.status, 413, `a chunked body of ${size} bytes`);
          for (let i = 0; i < 2; i++) {
            const next = await request('GET', `${new URL(server.api).pathname}/channels`);
            assert.equal(next.status, 200, `the request after a ${size}-byte refusal`);
            assert.ok(next.ms < 1_000, `answered in ${Math.round(next.ms)} ms`);
          }
        }
      } finally {
        agent.destroy();
      }
    });
  });

  describe('routes and methods', () => {
    it('answers 404 for an unknown route', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['GET', '/channels/ch_1/nope'],
        ['GET', '/channels/a/b/c'],
        ['POST', '/channels/ch_1/explode'],
        ['GET', '/'],
        ['GET', ''],
        ['GET', '/Channels'],
        ['GET', '/channels/'],
      ]) {
        const response = await send(method!, path!);
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal((await errorOf(response)).code, 'not_found');
      }
    });

    it('answers 405 with Allow for a wrong method', async () => {
      for (const [method, path, allow] of [
        ['DELETE', '/channels', 'GET, POST'],
        ['PUT', '/channels/ch_1', 'GET'],
        ['DELETE', '/channels/ch_1', 'GET'],
        ['GET', '/channels/ch_1/disconnect', 'POST'],
        ['PATCH', '/sessions', 'POST'],
        ['POST', '/authorizations/callback', 'GET'],
        ['POST', '/viewer', 'GET'],
      ]) {
        const response = await send(method!, path!);
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.get('allow'), allow, `Allow for ${method} ${path}`);
        assert.equal((await errorOf(response)).code, 'method_not_allowed');
      }
      assert.equal((await server.store.getChannel(ws, 'ch_1'))?.status, 'connected');
    });

    it('answers 404 outside the base path', async () => {
      for (const path of ['/channels', '/api/channels', '/api/channel-kitx/channels', '/api/channel-kit-other/channels', '/api/Channel-Kit/channels', '/health']) {
        const response = await fetch(`${server.url}${path}`, { headers: { [WORKSPACE_HEADER]: ws } });
        assert.equal(response.status, 404, path);
        assert.equal((await errorOf(response)).code, 'not_found');
      }
    });
  });

  describe('failures and operations', () => {
    it('turns an unexpected error in the store into a 500 that says only the request id', async () => {
      faults.listThrows = true;
      try {
        const response = await send('GET', '/channels?limit=5', { headers: { 'x-request-id': 'rid-1' } });
        assert.equal(response.status, 500);
        const text = await response.text();
        const body = JSON.parse(text) as ErrorBody;
        assert.equal(body.error.code, 'internal');
        assert.equal(body.error.requestId, 'rid-1');
        assert.ok(body.error.message.includes('rid-1'));
        for (const leak of ['boom', '/secret/path', 'stack', 'Error:', 'at ', '.ts']) assert.ok(!text.includes(leak), `the body says ${leak}: ${text}`);
        assert.equal(response.headers.get('x-request-id'), 'rid-1');
        const entry = server.logs.find((e) => e.requestId === 'rid-1');
        assert.ok(entry);
        assert.equal(entry.level, 'error');
        assert.equal(entry.status, 500);
        assert.equal(entry.error, 'Error');
        assert.ok(!JSON.stringify(entry).includes('boom at'), 'the log names the error class, not its message');
        // A generated id is in the body when the caller gave none.
        const anonymous = await send('GET', '/channels');
        const generated = anonymous.headers.get('x-request-id');
        assert.match(generated ?? '', /^req_[0-9a-f]{16}$/);
        assert.equal(((await anonymous.json()) as ErrorBody).error.requestId, generated);
      } finally {
        faults.listThrows = false;
      }
      assert.equal((await send('GET', '/channels')).status, 200);
    });

    it('echoes a sane x-request-id and generates one otherwise', async () => {
      const sane = ['abc-123', 'a.b_c-D', 'x'.repeat(64)];
      for (const id of sane) {
        const response = await send('GET', '/viewer', { headers: { 'x-request-id': id } });
        assert.equal(response.headers.get('x-request-id'), id);
      }
      const seen = new Set<string>();
      for (const id of [undefined, '', 'has space', 'x'.repeat(65), 'a/b', '<script>', 'semi;colon', 'caf\u00e9']) {
        const headers: Record<string, string> = id === undefined ? {} : { 'x-request-id': id };
        const response = await send('GET', '/viewer', { headers });
        const answered = response.headers.get('x-request-id') ?? '';
        assert.match(answered, /^req_[0-9a-f]{16}$/, `for ${JSON.stringify(id)}`);
        assert.ok(!seen.has(answered), 'each generated id is new');
        seen.add(answered);
      }
      // Errors carry it too.
      const notFound = await send('GET', '/nope', { headers: { 'x-request-id': 'nf-1' } });
      assert.equal(notFound.headers.get('x-request-id'), 'nf-1');
    });

    it('writes one log entry per request: method, path without the query, status, duration, workspace', async () => {
      const requests: [string, string, number, string | null][] = [
        ['GET', '/channels?limit=2&utm=secret-query', 200, ws],
        ['GET', '/channels/ch_1', 200, ws],
        ['GET', '/channels/nope?x=1', 404, ws],
        ['POST', '/channels/ch_7/disconnect', 409, ws],
        ['GET', '/viewer', 401, null],
        ['DELETE', '/channels', 405, null],
        ['GET', '/health?verbose=1', 200, null],
      ];
      const marks: string[] = [];
      for (const [i, [method, path, status, workspace]] of requests.entries()) {
        const requestId = `log-${i}-${Date.now()}`;
        marks.push(requestId);
        const response = await send(method, path, { headers: { 'x-request-id': requestId }, workspace: path === '/viewer' ? null : workspace ?? ws });
        assert.equal(response.status, status, `${method} ${path}`);
        await response.arrayBuffer();
      }
      for (const [i, [method, path, status, workspace]] of requests.entries()) {
        const entries = server.logs.filter((e) => e.requestId === marks[i]);
        assert.equal(entries.length, 1, `one entry for ${method} ${path}`);
        const entry = entries[0]!;
        assert.equal(entry.method, method);
        assert.equal(entry.path, `/api/channel-kit${path.split('?')[0]}`);
        assert.ok(!JSON.stringify(entry).includes('secret-query'), 'no query string');
        assert.equal(entry.status, status);
        assert.equal(typeof entry.durationMs, 'number');
        assert.ok(entry.durationMs >= 0 && entry.durationMs < 5_000);
        assert.ok(!Number.isNaN(Date.parse(entry.time)));
        assert.equal(entry.workspaceId, workspace ?? undefined, `workspace of ${method} ${path}`);
        assert.equal(entry.level, status >= 500 ? 'error' : 'info');
      }
      // Every request so far was logged exactly once: no id twice.
      const ids = server.logs.map((e) => e.requestId).filter((id) => !id.startsWith('req_'));
      assert.equal(new Set(ids).size, ids.length);
    });

    it('answers GET /health with 200, and 503 when the database does not', async () => {
      const ok = await fetch(`${server.api}/health`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { status: 'ok' });
      faults.pingRejects = true;
      try {
        const down = await fetch(`${server.api}/health`);
        assert.equal(down.status, 503);
        const text = await down.text();
        assert.deepEqual(JSON.parse(text), { status: 'unavailable' });
        assert.ok(!text.includes('refused'), 'the cause stays on the server');
        assert.equal(server.logs.at(-1)?.level, 'error');
      } finally {
        faults.pingRejects = false;
      }
      assert.equal((await fetch(`${server.api}/health`)).status, 200);
    });

    it('leaves nothing half-written when a transaction fails after its insert', async () => {
      const before = await listIds();
      const beforeRows = await Promise.all(before.map((id) => server.store.getChannel(ws, id)));
      faults.failAfterInsert = true;
      try {
        const webchat = await send('POST', '/webchat-channels', { json: { name: 'Half', domains: ['half.example.com'] } });
        assert.equal(webchat.status, 500);
        const started = await send('POST', '/authorizations', { json: { channelType: 'facebook', mode: 'connect' } });
        assert.equal(started.status, 500);
        const disconnect = await send('POST', '/channels/ch_1/disconnect');
        assert.equal(disconnect.status, 500);
      } finally {
        faults.failAfterInsert = false;
      }
      assert.deepEqual(await listIds(), before, 'no new channel');
      assert.deepEqual(await Promise.all(before.map((id) => server.store.getChannel(ws, id))), beforeRows, 'no row changed');
      // And the store works afterwards.
      assert.equal((await send('POST', '/webchat-channels', { json: { name: 'Whole', domains: ['whole.example.com'] } })).status, 200);
      assert.equal((await listIds()).length, before.length + 1);
    });
  });
});

forEachStore(['pglite', 'postgres'], 'transactions and races', (kind) => {
  let server: TestServer | { skipped: string } | undefined;
  const faults: Faults = { listThrows: false, pingRejects: false, failAfterInsert: false, listDelayMs: 0 };
  before(async () => {
    server = await startTestServer(kind, { wrapStore: faultyStore(faults) });
  });
  after(async () => {
    if (server && !('skipped' in server)) await server.close();
  });
  const live = (t: { skip(reason: string): void }): TestServer | null => {
    if (!server || 'skipped' in server) {
      t.skip(server?.skipped ?? 'not started');
      return null;
    }
    return server;
  };
  itHasADatabase(kind, () => server);

  const post = (s: TestServer, ws: string, path: string, json?: unknown) =>
    fetch(`${s.api}${path}`, {
      method: 'POST',
      headers: { [WORKSPACE_HEADER]: ws, 'x-channel-kit-csrf': '1', ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  it('rolls a failed transaction back: nothing half-written', async (t) => {
    const s = live(t);
    if (!s) return;
    await s.reset();
    const ws = freshWorkspace('rollback');
    await s.seed(ws, createScenario('typical').channels);
    const before = await s.store.listChannels(ws, { limit: 100 });
    faults.failAfterInsert = true;
    try {
      assert.equal((await post(s, ws, '/webchat-channels', { name: 'Half', domains: ['half.example.com'] })).status, 500);
      assert.equal((await post(s, ws, '/channels/ch_1/disconnect')).status, 500);
      const started = await post(s, ws, '/authorizations', { channelType: 'facebook', mode: 'connect' });
      assert.equal(started.status, 500);
    } finally {
      faults.failAfterInsert = false;
    }
    assert.deepEqual(await s.store.listChannels(ws, { limit: 100 }), before);
  });

  it('20 parallel disconnects of one channel: all 200, one write', async (t) => {
    const s = live(t);
    if (!s) return;
    await s.reset();
    const ws = freshWorkspace('race');
    await s.seed(ws, createScenario('typical').channels);
    const initial = await s.store.getChannel(ws, 'ch_1');
    assert.equal(initial?.status, 'connected');
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(s, ws, '/channels/ch_1/disconnect')));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<ChannelWire>));
    assert.deepEqual(responses.map((r) => r.status), Array(20).fill(200));
    const stamps = new Set(bodies.map((b) => b.disconnectedAt));
    assert.equal(stamps.size, 1, `one disconnectedAt: ${[...stamps].join(', ')}`);
    assert.ok(bodies.every((b) => b.status === 'disconnected'));
    const final = await s.store.getChannel(ws, 'ch_1');
    assert.equal(final?.status, 'disconnected');
    assert.equal(final?.disconnectedAt, bodies[0]!.disconnectedAt);
    assert.equal(final?.version, initial!.version + 1, 'the version was bumped once');
  });

  it('a disconnect racing a reauthorize ends in one of the two consistent outcomes (10 times)', async (t) => {
    const started = live(t);
    if (!started) return;
    const s: TestServer = started;
    const outcomes = { connected: 0, disconnected: 0 };
    for (let round = 0; round < 10; round++) {
      await s.reset();
      const ws = freshWorkspace('race2');
      await s.seed(ws, createScenario('typical').channels);
      const backend = s.backendFor(ws);
      const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_1' });
      const { code } = await s.grant(session, ['fb_1001']);
      assert.equal((await backend.finishAuthorization({ sessionId: session.id, state: session.state, code })).status, 'completed');
      const grant = (await s.store.getAuthorization(ws, session.id))?.grant;
      assert.ok(grant);
      const initial = (await s.store.getChannel(ws, 'ch_1'))!;
      assert.notEqual(initial.tokenExpiresAt, grant.tokenExpiresAt, 'the new grant has its own expiry');

      const [disconnect, reauthorize] = await Promise.all([
        post(s, ws, '/channels/ch_1/disconnect'),
        post(s, ws, '/channels/ch_1/reauthorize', { sessionId: session.id, accountId: 'fb_1001' }),
      ]);
      assert.equal(disconnect.status, 200, `round ${round}: disconnect`);
      assert.equal(reauthorize.status, 200, `round ${round}: reauthorize ${await reauthorize.clone().text()}`);
      const [disconnected, reauthorized] = (await Promise.all([disconnect.json(), reauthorize.json()])) as ChannelWire[];
      const final = (await s.store.getChannel(ws, 'ch_1'))!;
      // Both writes landed, one after the other, whichever order.
      assert.equal(final.version, initial.version + 2, `round ${round}: two writes`);
      assert.equal(final.tokenExpiresAt, grant.tokenExpiresAt, `round ${round}: the reauthorization's expiry`);
      assert.equal(final.sealedToken, grant.sealedToken, `round ${round}: the reauthorization's token`);
      if (final.status === 'disconnected') {
        outcomes.disconnected++;
        assert.ok(final.disconnectedAt, `round ${round}: disconnected with disconnectedAt`);
        assert.equal(final.disconnectedAt, disconnected!.disconnectedAt);
        assert.equal(disconnected!.tokenExpiresAt, grant.tokenExpiresAt, 'the disconnect saw the reauthorized row');
      } else {
        outcomes.connected++;
        assert.equal(final.status, 'connected', `round ${round}: ${final.status}`);
        assert.equal(final.disconnectedAt, null, `round ${round}: connected with no disconnectedAt`);
        assert.equal(reauthorized!.status, 'connected');
        assert.equal(reauthorized!.disconnectedAt, null);
        assert.equal(disconnected!.status, 'disconnected', 'the disconnect came first');
        assert.equal(disconnected!.tokenExpiresAt, initial.tokenExpiresAt);
      }
    }
    t.diagnostic(`${kind}: ${outcomes.connected} ended connected, ${outcomes.disconnected} disconnected`);
  });
});

describe('graceful shutdown', () => {
  it('lets the request in flight finish, then refuses new ones', async () => {
    const ws = freshWorkspace('shutdown');
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const faults: Faults = { listThrows: false, pingRejects: false, failAfterInsert: false, listDelayMs: 300, onList: () => entered() };
    const server = await start('memory', { wrapStore: faultyStore(faults) });
    await server.seed(ws, createScenario('typical').channels);
    const slow = fetch(`${server.api}/channels`, { headers: { [WORKSPACE_HEADER]: ws } });
    await inFlight;
    const closed = server.close();
    // While closing: a new request is refused (the listener is closed, or the server answers 503).
    const during = await fetch(`${server.api}/channels`, { headers: { [WORKSPACE_HEADER]: ws } }).then(
      (response) => response.status,
      () => 'refused' as const,
    );
    assert.ok(during === 'refused' || during === 503, `during shutdown: ${during}`);
    const response = await slow;
    assert.equal(response.status, 200, 'the request in flight completes');
    assert.equal(((await response.json()) as { channels: unknown[] }).channels.length, 7);
    await closed;
    const afterwards = await fetch(`${server.api}/health`).then(
      (r) => r.status,
      () => 'refused' as const,
    );
    assert.ok(afterwards === 'refused' || afterwards === 503, `after close: ${afterwards}`);
  });

  it('answers 503 shutting_down through the Fetch handler once closing', async () => {
    const ws = freshWorkspace('shutdown2');
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const faults: Faults = { listThrows: false, pingRejects: false, failAfterInsert: false, listDelayMs: 300, onList: () => entered() };
    const server = await start('memory', { wrapStore: faultyStore(faults) });
    await server.seed(ws, createScenario('typical').channels);
    const request = () => new Request(`http://mounted.test/api/channel-kit/channels`, { headers: { [WORKSPACE_HEADER]: ws } });
    const slow = server.server.fetch(request());
    await inFlight;
    const closed = server.close();
    const refused = await server.server.fetch(request());
    assert.equal(refused.status, 503);
    assert.equal(((await refused.json()) as ErrorBody).error.code, 'shutting_down');
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal((await slow).status, 200);
    await closed;
  });
});
