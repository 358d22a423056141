// Live status: the Server-Sent Events route and RestBackend.subscribe over it, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelChange } from '../../src/adapters/backend.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { readEventStream, type ServerSentEvent } from '../../src/adapters/server-sent-events.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { FakeMeta } from '../../src/mocks/fake-meta.js';
import { toNewChannel } from '../../src/mocks/in-page-server.js';
import { createChannelKitServer } from '../../src/server/create-server.js';
import { generateTokenKey } from '../../src/server/crypto/token-vault.js';
import { startPostgres } from './support/postgres.js';
import { freshWorkspace, startTestServer, WORKSPACE_HEADER, type TestServer } from './support/test-server.js';

const until = async (condition: () => boolean, what: string, ms = 2_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Opens the raw stream as a workspace, collecting its events until `stop()`. */
function openStream(server: TestServer, workspaceId: string, lastEventId?: string) {
  const events: ServerSentEvent[] = [];
  const controller = new AbortController();
  const headers: Record<string, string> = { [WORKSPACE_HEADER]: workspaceId };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const done = fetch(`${server.api}/events`, { headers, signal: controller.signal })
    .then((response) => {
      assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      return readEventStream(response.body!, (event) => events.push(event));
    })
    .catch(() => undefined);
  return { events, stop: () => (controller.abort(), done) };
}

describe('live status over Server-Sent Events', () => {
  let server: TestServer;
  const channels = createScenario('typical').channels;

  before(async () => {
    const started = await startTestServer('pglite');
    assert.ok(!('skipped' in started));
    server = started;
  });
  after(() => server.close());

  it('turns a row within a second of the change, through RestBackend.subscribe, and only in its own workspace', async () => {
    const mine = freshWorkspace('live');
    const other = freshWorkspace('other');
    await server.seed(mine, channels);
    await server.seed(other, channels);
    const seen: ChannelChange[] = [];
    const seenElsewhere: ChannelChange[] = [];
    const live = (ws: string) => new RestBackend({ baseUrl: server.api, live: true, prepareRequest: ({ headers }) => headers.set(WORKSPACE_HEADER, ws) });
    const stop = live(mine).subscribe((change) => seen.push(change));
    const stopOther = live(other).subscribe((change) => seenElsewhere.push(change));
    try {
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await server.backendFor(mine).disconnect('ch_1');
      await until(() => seen.length > 0, 'the change');
      assert.ok(Date.now() - started < 1_000);
      const change = seen[0]!;
      assert.equal(change.kind, 'upsert');
      assert.deepEqual(change.kind === 'upsert' && [change.channel.id, change.channel.status], ['ch_1', 'disconnected']);
      assert.deepEqual(seenElsewhere, []);
    } finally {
      stop();
      stopOther();
    }
  });

  it('stops listening when unsubscribed', async () => {
    const ws = freshWorkspace('unsub');
    await server.seed(ws, channels);
    const seen: ChannelChange[] = [];
    const stop = new RestBackend({ baseUrl: server.api, live: true, prepareRequest: ({ headers }) => headers.set(WORKSPACE_HEADER, ws) }).subscribe((c) => seen.push(c));
    await new Promise((r) => setTimeout(r, 200));
    stop();
    await server.backendFor(ws).disconnect('ch_3');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, []);
  });

  it('resumes after Last-Event-ID, and asks for a reload when it cannot', async () => {
    const ws = freshWorkspace('resume');
    await server.seed(ws, channels);
    const first = openStream(server, ws);
    await new Promise((r) => setTimeout(r, 150));
    await server.backendFor(ws).disconnect('ch_1');
    await until(() => first.events.length === 1, 'the first event');
    await first.stop();
    const lastId = first.events[0]!.id!;
    await server.backendFor(ws).disconnect('ch_3');
    await server.backendFor(ws).disconnect('ch_4');
    const resumed = openStream(server, ws, lastId);
    await until(() => resumed.events.length === 2, 'the two missed events');
    await resumed.stop();
    assert.deepEqual(resumed.events.map((e) => [e.event, (JSON.parse(e.data) as { id: string }).id]), [['channel', 'ch_3'], ['channel', 'ch_4']]);
    const unknown = openStream(server, ws, 'feedfeed-999');
    await until(() => unknown.events.length === 1, 'the refresh');
    await unknown.stop();
    assert.equal(unknown.events[0]!.event, 'refresh');
  });

  it('refuses a stream to a caller who is not signed in', async () => {
    const response = await fetch(`${server.api}/events`);
    assert.equal(response.status, 401);
  });

  it('gives up for good where the server has no live route; without live, subscribe does nothing', async () => {
    let calls = 0;
    const backend = new RestBackend({
      baseUrl: 'http://nowhere.invalid/api',
      live: true,
      fetch: async () => {
        calls++;
        return new Response('{"error":{"code":"not_found","message":"No such route."}}', { status: 404 });
      },
    });
    const stop = backend.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 1_500));
    stop();
    assert.equal(calls, 1);
    assert.equal(typeof new RestBackend({ baseUrl: '/x' }).subscribe(() => {}), 'function', 'without live, subscribe is a harmless no-op');
  });

  it('ends open streams when the server shuts down', async () => {
    const own = await startTestServer('memory');
    assert.ok(!('skipped' in own));
    const ws = freshWorkspace('shutdown');
    await own.seed(ws, channels);
    const stream = openStream(own, ws);
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 1_500, `close took ${Date.now() - started} ms with a stream open`);
    await stream.stop();
  });
});

describe('live status across two server instances on one PostgreSQL', () => {
  it("tells a page on one instance about a change made through the other (LISTEN/NOTIFY)", async (t) => {
    const postgres = await startPostgres();
    if ('skipped' in postgres) {
      if (process.env.CI === 'true') assert.fail(postgres.skipped);
      return t.skip(postgres.skipped);
    }
    const key = generateTokenKey('k1');
    const start = () =>
      createChannelKitServer({
        databaseUrl: postgres.url,
        tokenKeys: `${key.id}:${key.key}`,
        meta: new FakeMeta({ world: createScenario('typical').world, consentUrl: 'http://meta.test/consent' }),
        authenticate: (request) => ({ workspaceId: request.headers.get(WORKSPACE_HEADER) ?? '', viewer: { product: 'maac', role: 'owner' } }),
        log: () => {},
      });
    const [one, two] = [await start(), await start()];
    const [urlOne, urlTwo] = [(await one.listen()).url, (await two.listen()).url];
    const ws = freshWorkspace('fanout');
    await one.store.importChannels(createScenario('typical').channels.map((c) => toNewChannel(ws, c)));
    const seen: ChannelChange[] = [];
    const stop = new RestBackend({ baseUrl: urlTwo, live: true, prepareRequest: ({ headers }) => headers.set(WORKSPACE_HEADER, ws) }).subscribe((c) => seen.push(c));
    try {
      await new Promise((r) => setTimeout(r, 300));
      await new RestBackend({ baseUrl: urlOne, prepareRequest: ({ headers }) => headers.set(WORKSPACE_HEADER, ws) }).disconnect('ch_1');
      await until(() => seen.length > 0, 'the change through the other instance');
      assert.deepEqual(seen.map((c) => c.kind === 'upsert' && [c.channel.id, c.channel.status]), [['ch_1', 'disconnected']]);
    } finally {
      stop();
      await one.close(1_000);
      await two.close(1_000);
      await postgres.stop();
    }
  });
});
