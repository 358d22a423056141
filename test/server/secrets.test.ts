// Meta's access tokens never leave the server: a recognizable token is planted where Meta's code
// exchange hands it over, a whole scenario runs over real HTTP (connect, reauthorize, disconnect,
// reads, setup checks and failing requests), and the token is found in no response, no header, no
// log line, no console output and no database row — only sealed, in a value the vault opens back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuthorizableType } from '../../src/core/authorization.js';
import type { ChannelWire } from '../../src/core/channel.js';
import type { FakeMeta } from '../../src/mocks/fake-meta.js';
import { toNewChannel } from '../../src/mocks/in-page-server.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { generateTokenKey, parseTokenKeys, TokenVault } from '../../src/server/crypto/token-vault.js';
import { createChannelKitServer } from '../../src/server/create-server.js';
import type { MetaClient } from '../../src/server/meta/meta-client.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { migrate } from '../../src/server/store/migrations.js';
import { openPglite } from '../../src/server/store/pglite.js';
import { SqlStore, type SqlDatabase } from '../../src/server/store/sql-store.js';
import { delegatingMeta, freshWorkspace, startTestServer, WORKSPACE_HEADER, type TestServer } from './support/test-server.js';

const PLANTED = 'EAAPLANTEDTOKEN0123456789';
/** Spellings of the token that would still give it away. */
const GIVEAWAYS = [PLANTED, 'PLANTEDTOKEN', Buffer.from(PLANTED).toString('base64'), Buffer.from(PLANTED).toString('base64url'), encodeURIComponent(PLANTED)];

function assertNoToken(text: string, where: string) {
  for (const giveaway of GIVEAWAYS) assert.ok(!text.includes(giveaway), `${where} contains the token (${giveaway})`);
}

interface Recorded {
  request: string;
  status: number;
  headers: [string, string][];
  body: string;
}

describe('secrets: the Meta token stays sealed on the server', () => {
  const key = generateTokenKey('kp');
  const tokenKeys = `${key.id}:${key.key}`;
  const ws = freshWorkspace('secrets');
  const transcript: Recorded[] = [];
  const consoleOutput: string[] = [];
  const tokensGivenToMeta: string[] = [];
  let throwWithToken = false;
  let db: SqlDatabase;
  let server: TestServer;
  let restoreConsole: () => void;

  function plantingMeta(meta: FakeMeta): MetaClient {
    return delegatingMeta(meta, {
      exchangeCode: async (input) => ({ ...(await meta.exchangeCode(input)), accessToken: PLANTED }),
      setupChecks: async (asset, accessToken) => {
        tokensGivenToMeta.push(accessToken);
        // A Graph client that puts the token in its error (a URL with ?access_token=…).
        if (throwWithToken) throw new Error(`GET https://graph.facebook.com/v21.0/${asset.id}?access_token=${accessToken} failed: socket hang up`);
        return meta.setupChecks(asset, accessToken);
      },
    });
  }

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = { [WORKSPACE_HEADER]: ws }): Promise<{ status: number; json: unknown; text: string }> {
    const response = await fetch(`${server.api}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-channel-kit-csrf': '1' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    transcript.push({ request: `${method} ${path}`, status: response.status, headers: [...response.headers], body: text });
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // The callback page is HTML.
    }
    return { status: response.status, json, text };
  }

  async function authorize(channelType: AuthorizableType, mode: 'connect' | 'reauthorize', accountIds: string[], channelId?: string, finish: 'complete' | 'callback-only' = 'complete') {
    const started = await send('POST', '/authorizations', { channelType, mode, channelId });
    assert.equal(started.status, 200, started.text);
    const session = started.json as { id: string; state: string };
    const redirectUri = `${server.api}/authorizations/callback`;
    const { code } = server.meta.grant({ channelType, accountIds, redirectUri });
    const page = await send('GET', `/authorizations/callback?${new URLSearchParams({ state: session.state, code })}`, undefined, {});
    assert.equal(page.status, 200);
    // The flow finishes either with the browser's code, or (COOP fallback) from the code the callback page kept.
    const result = finish === 'complete' ? await send('POST', `/authorizations/${session.id}/complete`, { state: session.state, code }) : await send('GET', `/authorizations/${session.id}`);
    assert.equal(result.status, 200, result.text);
    assert.equal((result.json as { status: string }).status, 'completed');
    return { session, code };
  }

  before(async () => {
    const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
      console[name] = (...args: unknown[]) => {
        consoleOutput.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        originals[name](...args);
      };
    }
    restoreConsole = () => Object.assign(console, originals);
    db = await openPglite();
    await migrate(db);
    const started = await startTestServer('memory', { tokenKeys, wrapMeta: plantingMeta, wrapStore: () => new SqlStore(db) });
    assert.ok(!('skipped' in started));
    server = started;
    await server.store.importChannels(createScenario('typical').channels.map((c) => toNewChannel(ws, c)));
  });
  after(async () => {
    restoreConsole();
    await server.close();
  });

  let channelId: string;
  /** A channel still connected at the end of the scenario (a disconnected one's setup is not asked of Meta). */
  let liveChannelId: string;
  let reauthSession: { id: string };

  it('runs the scenario: connect, read, setup checks, reauthorize, disconnect, webchat', async () => {
    assert.equal((await send('GET', '/viewer')).status, 200);
    const { session } = await authorize('instagram', 'connect', ['ig_2003']);
    const connected = await send('POST', '/channels', { sessionId: session.id, accountId: 'ig_2003' });
    assert.equal(connected.status, 200, connected.text);
    channelId = (connected.json as ChannelWire).id;
    assert.equal((await send('GET', '/channels')).status, 200);
    assert.equal((await send('GET', '/channels?limit=2')).status, 200);
    assert.equal((await send('GET', `/channels/${channelId}`)).status, 200);
    assert.equal((await send('GET', `/channels/${channelId}/setup-checks`)).status, 200);
    assert.equal((await send('GET', `/authorizations/${session.id}`)).status, 200);

    const reauth = await authorize('instagram', 'reauthorize', ['ig_2003'], channelId, 'callback-only');
    reauthSession = reauth.session;
    const reauthorized = await send('POST', `/channels/${channelId}/reauthorize`, { sessionId: reauth.session.id, accountId: 'ig_2003' });
    assert.equal(reauthorized.status, 200, reauthorized.text);
    assert.equal((await send('GET', `/channels/${channelId}/setup-checks`)).status, 200);
    assert.equal((await send('POST', `/channels/${channelId}/disconnect`)).status, 200);
    assert.equal((await send('POST', '/webchat-channels', { name: 'Shop', domains: ['shop.example.com'] })).status, 200);
    assert.equal((await send('GET', '/channels/ch_1/setup-checks')).status, 200);
    const live = await authorize('instagram', 'connect', ['ig_2006']);
    const connectedLive = await send('POST', '/channels', { sessionId: live.session.id, accountId: 'ig_2006' });
    assert.equal(connectedLive.status, 200, connectedLive.text);
    liveChannelId = (connectedLive.json as ChannelWire).id;
  });

  it('runs failing requests', async () => {
    const statuses: number[] = [];
    const expectStatus = async (status: number, ...args: Parameters<typeof send>) => {
      const answer = await send(...args);
      assert.equal(answer.status, status, `${args[0]} ${args[1]}: ${answer.text}`);
      statuses.push(answer.status);
    };
    // The reauthorize flow's grant used again, and on another channel.
    await expectStatus(409, 'POST', '/channels/ch_2/reauthorize', { sessionId: reauthSession.id, accountId: 'ig_2003' });
    // Another account than the channel's.
    const other = await authorize('instagram', 'reauthorize', ['ig_2002'], 'ch_2');
    await expectStatus(409, 'POST', '/channels/ch_2/reauthorize', { sessionId: other.session.id, accountId: 'ig_2002' });
    // A code Meta refuses, and the same code twice.
    const started = await send('POST', '/authorizations', { channelType: 'facebook', mode: 'connect' });
    const session = started.json as { id: string; state: string };
    await expectStatus(400, 'POST', `/authorizations/${session.id}/complete`, { state: session.state, code: 'code_not_issued' });
    await expectStatus(409, 'POST', `/authorizations/${other.session.id}/complete`, { state: 's'.repeat(32), code: other.code });
    await expectStatus(400, 'POST', '/channels', { sessionId: 42 });
    await expectStatus(400, 'POST', '/channels', '{"sessionId":');
    await expectStatus(404, 'GET', '/channels/nope');
    await expectStatus(401, 'GET', '/channels', undefined, {});
    await expectStatus(409, 'POST', '/channels', { sessionId: other.session.id, accountId: 'ig_2002' });
    // Meta's client fails with the token in its message: a 500 that says only the request id.
    throwWithToken = true;
    try {
      await expectStatus(500, 'GET', `/channels/${liveChannelId}/setup-checks`);
      // A seeded channel holds no token: Meta is not asked.
      await expectStatus(200, 'GET', '/channels/ch_2/setup-checks');
    } finally {
      throwWithToken = false;
    }
    assert.ok(statuses.length >= 10);
  });

  it('hands the real token to Meta only: the vault opens what the store holds', async () => {
    assert.ok(tokensGivenToMeta.length >= 3, 'setup checks asked Meta with the token');
    for (const token of tokensGivenToMeta) assert.equal(token, PLANTED);
  });

  it('puts the token in no response status line, header or body', () => {
    assert.ok(transcript.length >= 25, `recorded ${transcript.length} responses`);
    assert.ok(transcript.some((r) => r.status >= 500) && transcript.some((r) => r.status >= 400 && r.status < 500));
    for (const recorded of transcript) assertNoToken(JSON.stringify(recorded), `${recorded.request} (${recorded.status})`);
  });

  it('puts the token in no log entry and no console output', () => {
    assert.ok(server.logs.length >= transcript.length, 'every request logged');
    assertNoToken(JSON.stringify(server.logs), 'the request log');
    const failed = server.logs.filter((entry) => entry.status === 500);
    assert.equal(failed.length, 1);
    for (const entry of failed) assert.equal(entry.level, 'error');
    assertNoToken(consoleOutput.join('\n'), 'console output');
  });

  it('stores the token only sealed (v1.<key>.…), in every table', async () => {
    const tables = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    assert.ok(tables.rows.length >= 2);
    let rows = 0;
    for (const { table_name } of tables.rows) {
      const dump = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
      for (const { row } of dump.rows) assertNoToken(row, `a row of ${table_name}`);
      rows += dump.rows.length;
    }
    assert.ok(rows > 10, 'the tables hold the scenario');

    const sealedColumn = await db.query<{ id: string; sealed_token: string | null }>('SELECT id, sealed_token FROM channel_kit_channels WHERE workspace_id = $1 AND id = $2', [ws, channelId]);
    const sealed = sealedColumn.rows[0]?.sealed_token;
    assert.ok(sealed, 'the connected channel has a sealed token');
    assert.ok(sealed.startsWith(`v1.${key.id}.`), `sealed under the configured key: ${sealed.slice(0, 12)}`);
    assertNoToken(sealed, 'sealed_token');

    const vault = await TokenVault.create(parseTokenKeys(tokenKeys));
    assert.equal(await vault.open(sealed), PLANTED, 'the vault opens it back to the token');
    const row = await server.store.getChannel(ws, channelId);
    assert.equal(row?.sealedToken, sealed);
    const grant = (await server.store.getAuthorization(ws, reauthSession.id))?.grant;
    assert.ok(grant, 'the reauthorization kept its grant');
    assert.ok(grant.sealedToken.startsWith(`v1.${key.id}.`));
    assert.equal(await vault.open(grant.sealedToken), PLANTED);
    // Each sealing has its own IV: the grant and the channel hold different ciphertexts of one token.
    const grants = await db.query<{ grant: unknown }>('SELECT "grant" FROM channel_kit_authorizations WHERE "grant" IS NOT NULL');
    const sealedGrants = grants.rows.map((g) => JSON.stringify(g.grant));
    assert.equal(new Set(sealedGrants).size, sealedGrants.length);
    // Not even the sealed values leave the server.
    const wire = JSON.stringify(transcript) + JSON.stringify(server.logs);
    assert.ok(!wire.includes(`v1.${key.id}.`), 'no sealed value in a response or a log line');
    for (const value of [sealed, grant.sealedToken]) assert.ok(!wire.includes(value.split('.').at(-1)!));
    // Another key cannot open it.
    const stranger = generateTokenKey(key.id);
    await assert.rejects((await TokenVault.create([stranger])).open(sealed));
  });
});

describe('secrets: a server without token keys', () => {
  let saved: string | undefined;
  before(() => {
    saved = process.env.CHANNEL_KIT_TOKEN_KEYS;
    delete process.env.CHANNEL_KIT_TOKEN_KEYS;
  });
  after(() => {
    if (saved !== undefined) process.env.CHANNEL_KIT_TOKEN_KEYS = saved;
  });

  const meta = (): MetaClient => ({
    authorizeUrl: () => 'http://meta.test/',
    embeddedSignupOrigin: () => null,
    exchangeCode: async () => assert.fail('not called'),
    setupChecks: async () => null,
  });

  it('fails at start with one line naming CHANNEL_KIT_TOKEN_KEYS', async () => {
    for (const tokenKeys of ['', undefined, ' , ']) {
      let closed = false;
      const store = Object.assign(new MemoryStore(), { close: async () => void (closed = true) });
      await assert.rejects(createChannelKitServer({ tokenKeys, meta: meta(), store, log: () => {} }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
        assert.match(error.message, /CHANNEL_KIT_TOKEN_KEYS/);
        assert.match(error.message, /openssl rand -base64 32/, 'says how to make one');
        return true;
      }, `tokenKeys ${JSON.stringify(tokenKeys)}`);
      assert.equal(closed, false);
    }
  });

  it('names a bad key by its id, never printing the key material', async () => {
    const material = Buffer.from('only-seventeen-b!').toString('base64');
    await assert.rejects(createChannelKitServer({ tokenKeys: `k1:${material}`, meta: meta(), store: new MemoryStore(), log: () => {} }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.ok(!error.message.includes('\n'));
      assert.match(error.message, /'k1'.*32 bytes/);
      assert.ok(!error.message.includes(material), 'the key is not echoed');
      return true;
    });
  });
});
